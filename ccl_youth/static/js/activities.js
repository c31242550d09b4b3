/* Activities, made quicker where scripts run. Without this file every page still works: the
   server fills in the type's usual minutes and tactics, and the check-in count has a refresh
   link.

   With it:
   - on the activity form, choosing a type fills in its usual minutes (unless typed over) and
     ticks its suggested tactics (unless tactics were changed by hand); choosing another cohort
     on a new activity reloads the form with that cohort's attendance list; "Tick everyone" /
     "Untick everyone" buttons and a live count of ticked youth;
   - on the check-in screen, the present count refreshes every 5 seconds and the closing time
     shows in the device's own time. */
(function () {
  'use strict';

  function activityForm(form) {
    var defaults = {};
    try { defaults = JSON.parse(form.getAttribute('data-type-defaults') || '{}'); } catch (e) { defaults = {}; }
    var type = form.querySelector('select[name="type_slug"]');
    var minutes = form.querySelector('input[name="minutes"]');
    var cohort = form.querySelector('select[name="cohort_id"]');
    var tactics = Array.prototype.slice.call(form.querySelectorAll('input[name="tactic_ids"]'));
    var minutesTyped = minutes && minutes.value !== '';
    var tacticsTouched = false;

    if (minutes) {
      minutes.addEventListener('input', function () { minutesTyped = minutes.value !== ''; });
    }
    tactics.forEach(function (box) {
      box.addEventListener('change', function () { tacticsTouched = true; });
    });
    if (type) {
      type.addEventListener('change', function () {
        var chosen = defaults[type.value];
        if (!chosen) { return; }
        if (minutes) {
          minutes.placeholder = String(chosen.minutes);
          if (!minutesTyped) { minutes.value = String(chosen.minutes); }
        }
        if (!tacticsTouched) {
          tactics.forEach(function (box) { box.checked = chosen.tactics.indexOf(box.value) !== -1; });
        }
      });
    }
    var cohortUrl = form.getAttribute('data-cohort-url');
    if (cohort && cohortUrl) {
      cohort.addEventListener('change', function () {
        window.location.assign(cohortUrl + '?cohort=' + encodeURIComponent(cohort.value));
      });
    }

    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="attendees"]'));
    var tools = form.querySelector('.check-all');
    var count = form.querySelector('[data-count]');
    function showCount() {
      if (!count) { return; }
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      count.textContent = count.textContent.replace(/\d+/, String(ticked));
    }
    if (tools && boxes.length) {
      tools.hidden = false;
      tools.addEventListener('click', function (event) {
        var which = event.target.getAttribute('data-check');
        if (!which) { return; }
        boxes.forEach(function (box) { box.checked = which === 'all'; });
        showCount();
      });
      boxes.forEach(function (box) { box.addEventListener('change', showCount); });
    }
  }

  function checkinScreen(holder) {
    var url = holder.getAttribute('data-count-url');
    var present = holder.querySelector('[data-present]');
    var checkedIn = holder.querySelector('[data-checked-in]');
    function refresh() {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (!body) { return; }
          if (present && present.textContent !== String(body.present)) { present.textContent = String(body.present); }
          if (checkedIn) { checkedIn.textContent = String(body.checked_in); }
        })
        .catch(function () { /* offline for a moment: the next poll tries again */ });
    }
    window.setInterval(refresh, 5000);
  }

  function localTimes() {
    Array.prototype.forEach.call(document.querySelectorAll('time[data-local-time]'), function (el) {
      var when = new Date(el.getAttribute('datetime'));
      if (!isNaN(when.getTime())) {
        el.textContent = when.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
      }
    });
  }

  var form = document.querySelector('form.activity-form');
  if (form) { activityForm(form); }
  var holder = document.querySelector('[data-count-url]');
  if (holder) { checkinScreen(holder); }
  localTimes();
}());
