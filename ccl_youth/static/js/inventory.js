/* Taking an inventory, made easier where scripts run. Without this file the page still works:
   every item is a fieldset of radio buttons and "Save and continue" saves the page.

   With it:
   - each answer is saved the moment it is chosen (POST to data-answer-url, CSRF token in the
     X-CSRFToken header), and the progress bar and its text follow;
   - below 40rem wide, one question shows at a time, with Next and Previous buttons; focus moves
     to the question that appears;
   - "Read aloud" buttons (elementary inventory) speak the question with the browser's speech
     synthesis, in the page's language; they stay hidden where there is none. */
(function () {
  'use strict';

  var form = document.querySelector('form.inventory');
  if (!form) { return; }
  var items = Array.prototype.slice.call(form.querySelectorAll('fieldset.item'));
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute('content') : '';
  var progress = document.getElementById('progress');
  var progressText = document.getElementById('progress-text');
  var saveStatus = document.getElementById('save-status');
  var answerUrl = form.getAttribute('data-answer-url');
  var queue = Promise.resolve();

  /* --- saving each answer as it is chosen ---------------------------------------------- */

  function showProgress(answered, total) {
    if (progress) {
      progress.max = total;
      progress.value = answered;
      progress.textContent = answered + ' / ' + total;
    }
    if (progressText) {
      progressText.textContent = progressText.textContent.replace(/\d+(\D+)\d+/, answered + '$1' + total);
    }
  }

  function send(key, value) {
    return fetch(answerUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'Accept': 'application/json',
        'X-CSRFToken': token
      },
      body: JSON.stringify({item: key, value: Number(value)})
    }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      return response.json();
    });
  }

  function save(input) {
    var key = input.name.slice('answer-'.length);
    var value = input.value;
    // One request at a time, in the order chosen: a quick change of mind is saved last.
    queue = queue.then(function () { return send(key, value); }).then(function (data) {
      showProgress(data.answered, data.total);
      if (saveStatus) { saveStatus.textContent = ''; }
    }).catch(function () {
      if (saveStatus) { saveStatus.textContent = form.getAttribute('data-msg-unsaved'); }
    });
  }

  form.addEventListener('change', function (event) {
    var input = event.target;
    if (input && input.type === 'radio' && input.name.indexOf('answer-') === 0) { save(input); }
  });

  /* --- one question at a time on narrow screens ---------------------------------------- */

  var narrow = window.matchMedia('(max-width: 40rem)');
  var current = 0;
  var actions = form.querySelector('.form-actions');
  var goNext = document.getElementById('go-next');
  var goBack = document.getElementById('go-back');

  function makeButton(label, className) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = className;
    button.textContent = label;
    button.hidden = true;
    return button;
  }

  var nextButton = makeButton(form.getAttribute('data-msg-next'), 'button primary');
  var previousButton = makeButton(form.getAttribute('data-msg-previous'), 'button');
  if (actions) {
    actions.insertBefore(nextButton, actions.firstChild);
    actions.appendChild(previousButton);
  }

  function firstUnanswered() {
    for (var i = 0; i < items.length; i += 1) {
      if (!items[i].querySelector('input[type=radio]:checked')) { return i; }
    }
    return 0;
  }

  function focusItem(fieldset) {
    var target = fieldset.querySelector('input[type=radio]:checked') ||
      fieldset.querySelector('input[type=radio]');
    if (target) { target.focus(); }
    fieldset.scrollIntoView({block: 'start'});
  }

  function layout() {
    var single = narrow.matches && items.length > 1;
    form.classList.toggle('one-at-a-time', single);
    items.forEach(function (fieldset, index) {
      fieldset.classList.toggle('is-current', single && index === current);
    });
    var last = current === items.length - 1;
    nextButton.hidden = !single || last;
    previousButton.hidden = !single || current === 0;
    if (goNext) { goNext.hidden = single && !last; }
    if (goBack) { goBack.hidden = single && current !== 0; }
  }

  function move(step) {
    current = Math.max(0, Math.min(items.length - 1, current + step));
    layout();
    focusItem(items[current]);
  }

  nextButton.addEventListener('click', function () { move(1); });
  previousButton.addEventListener('click', function () { move(-1); });
  if (narrow.addEventListener) {
    narrow.addEventListener('change', layout);
  } else if (narrow.addListener) {
    narrow.addListener(layout);
  }
  function hashedItem() {
    var ids = items.map(function (fieldset) { return '#' + fieldset.id; });
    return window.location.hash ? ids.indexOf(window.location.hash) : -1;
  }

  // A link to an item (#item-…, as the error summary has) shows that item; a page opened
  // without one starts at the first question without an answer.
  window.addEventListener('hashchange', function () {
    var index = hashedItem();
    if (index >= 0) { move(index - current); }
  });
  current = hashedItem() >= 0 ? hashedItem() : firstUnanswered();
  layout();

  /* --- reading questions aloud --------------------------------------------------------- */

  var speech = window.speechSynthesis;
  var canSpeak = speech && typeof window.SpeechSynthesisUtterance === 'function';
  Array.prototype.forEach.call(form.querySelectorAll('button.read-aloud'), function (button) {
    if (!canSpeak) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var utterance = new window.SpeechSynthesisUtterance(button.getAttribute('data-say'));
      utterance.lang = document.documentElement.lang || 'en';
      speech.cancel();
      speech.speak(utterance);
    });
  });
}());
