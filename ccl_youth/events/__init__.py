"""Family engagement: events staff post for families (STEM nights, career days, take-home
activities), families' RSVPs, and family members' offers to speak about their work."""
