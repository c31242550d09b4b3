"""The High School and Beyond Plan (grades 7–12): one version per school year covering every
statutory element, a four-year course plan against graduation requirements, the financial-aid
checklist, staff sign-off, the student-led conference view and the exports."""
