// Keepwarm's browser side: htmx sends the CSRF token, forms are sent once, a request that did not go through says so,
// and elements with data-chart become ECharts charts.
(function () {
  'use strict';

  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // A form is sent once: its submit buttons are off while it is on its way, so a double click adds one note, one
  // key, one rule, not two. An htmx form gets them back with the answer; a page left by a plain post gets them back
  // when the browser shows it again from its cache (Back).
  function sending(form, on) {
    form.querySelectorAll('button:not([type=button]), input[type=submit]').forEach(function (button) {
      button.disabled = on;
    });
  }

  // What had the focus as a form went: turning its button off takes the focus from it (to <body>), and the answer
  // gives it back there (below).
  var pressed = null;

  document.addEventListener('htmx:beforeRequest', function (event) {
    if (event.detail.elt.tagName === 'FORM') {
      pressed = document.activeElement;
      sending(event.detail.elt, true);
    }
  });

  document.addEventListener('htmx:afterRequest', function (event) {
    if (event.detail.elt.tagName === 'FORM') {
      sending(event.detail.elt, false);
    }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    // htmx has taken its own forms (and prevented the browser's submit); a GET form only filters a list.
    if (event.defaultPrevented || form.method !== 'post') {
      return;
    }
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = 'true';
    // Once the browser has read the form: a button disabled before would not send its own name and value.
    setTimeout(function () { sending(form, true); }, 0);
  });

  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      document.querySelectorAll('form').forEach(function (form) {
        delete form.dataset.sent;
        sending(form, false);
      });
    }
  });

  // A request of htmx that did not go through leaves the page as it was, which looks as if it had worked: a note seems
  // added that never was. Say so beside what sent it, keep what was typed, and clear the words once a request from
  // there goes through. The session having ended shows as a refused form (403: its token belonged to that session)
  // or as the sign-in page, to which the browser followed the redirect unseen.
  var SESSION_ENDED = 'Your session has ended or the page is out of date: sign in again in another tab, then press'
      + ' the button again \u2014 what you typed is still here.';

  function signInPage(xhr) {
    return !!xhr.responseURL && new URL(xhr.responseURL).pathname === '/login';
  }

  // The app's error page says what went wrong in words (#error-detail); security's bare refusal of a form is the
  // session's end, anything else gets its status.
  function refusal(xhr) {
    var detail = new DOMParser().parseFromString(xhr.responseText || '', 'text/html').getElementById('error-detail');
    if (detail) {
      return detail.textContent.trim() + ' What you typed is still here.';
    }
    return xhr.status === 403 ? SESSION_ENDED : 'That did not work (' + xhr.status + '); what you typed is still here.';
  }

  // What sent the request (a form); htmx raises some events on the element its answer goes into instead.
  function sender(detail) {
    return detail.requestConfig && detail.requestConfig.elt ? detail.requestConfig.elt : detail.elt;
  }

  // A form says it at its end, under its button (beside it, it would take a place in the page's grid); any other
  // sender right after itself.
  function problemFor(elt) {
    var problem = elt.tagName === 'FORM' ? elt.lastElementChild : elt.nextElementSibling;
    return problem && problem.classList.contains('request-problem') ? problem : null;
  }

  function tell(elt, text) {
    delete elt.dataset.resent;
    var problem = problemFor(elt);
    if (!problem) {
      problem = document.createElement('p');
      problem.className = 'error request-problem';
      problem.setAttribute('role', 'alert');
      elt.insertAdjacentElement(elt.tagName === 'FORM' ? 'beforeend' : 'afterend', problem);
    }
    problem.textContent = text;
  }

  // The page's token belongs to the session that showed it, so once the person has signed in again elsewhere this
  // page is still refused: take the token of the session there is now (the sign-in page shows it), so that pressing
  // the button again works, and send a refused form once more with it.
  function renewToken() {
    return fetch('/login', { credentials: 'same-origin' }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('meta[name="_csrf"]');
      var token = document.querySelector('meta[name="_csrf"]');
      if (fresh && token) {
        token.content = fresh.content;
        document.querySelectorAll('input[name="_csrf"]').forEach(function (input) { input.value = fresh.content; });
      }
      return !!fresh;
    }, function () {
      return false;
    });
  }

  document.addEventListener('htmx:beforeSwap', function (event) {
    var elt = sender(event.detail);
    if (signInPage(event.detail.xhr)) {
      event.detail.shouldSwap = false;
      tell(elt, SESSION_ENDED);
    } else if (!event.detail.isError) {
      delete elt.dataset.resent;
      if (problemFor(elt)) {
        problemFor(elt).remove();
      }
    }
  });

  // My day and a contact's page answer an action with the whole block drawn again: a note half typed on another card
  // or form (the next call's, a rejection's) was wiped by logging a call or adding a tag. What was typed elsewhere
  // than in the form sent is put back into the fresh fields of the same id that came empty, their menu opened again;
  // the form sent gets what the server says (cleared once done, kept as typed when refused).
  var typedElsewhere = [];

  function changed(field) {
    if (field.tagName === 'SELECT') {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  document.addEventListener('htmx:beforeSwap', function (event) {
    var sent = sender(event.detail);
    var form = sent && sent.tagName === 'FORM' ? sent : sent && sent.closest ? sent.closest('form') : null;
    typedElsewhere = [];
    event.detail.target.querySelectorAll('input[id]:not([type=hidden]):not([type=checkbox]):not([type=radio]),'
        + ' textarea[id], select[id]').forEach(function (field) {
      if (field.form !== form && changed(field)) {
        typedElsewhere.push({ id: field.id, value: field.value });
      }
    });
  });

  document.addEventListener('htmx:afterSwap', function () {
    typedElsewhere.forEach(function (typed) {
      var field = document.getElementById(typed.id);
      if (field && !changed(field)) {
        field.value = typed.value;
        var menu = field.closest('details');
        if (menu) {
          menu.open = true;
        }
      }
    });
    typedElsewhere = [];
  });

  document.addEventListener('htmx:responseError', function (event) {
    var elt = sender(event.detail);
    var said = refusal(event.detail.xhr);
    if (said !== SESSION_ENDED || elt.dataset.resent) {
      tell(elt, said);
      return;
    }
    renewToken().then(function (renewed) {
      if (renewed && elt.tagName === 'FORM' && elt.isConnected) {
        elt.dataset.resent = 'true';
        elt.requestSubmit();
      } else {
        tell(elt, SESSION_ENDED);
      }
    });
  });

  document.addEventListener('htmx:sendError', function (event) {
    tell(sender(event.detail), 'Keepwarm could not be reached; press the button again once the connection is back'
        + ' \u2014 what you typed is still here.');
  });

  // A session ends after so long without a request (meta session-timeout, in seconds). Two minutes ahead the person is
  // told, with a button that keeps it (WCAG 2.2.1); after it, a form is not sent into a refusal that would lose what was
  // typed: it says so, and goes once the person has signed in again in another tab and presses its button again.
  var sessionMeta = document.querySelector('meta[name="session-timeout"]');
  var sessionEnded = false;
  if (sessionMeta && parseInt(sessionMeta.content, 10) > 0) {
    var sessionSeconds = parseInt(sessionMeta.content, 10);
    var warnAhead = Math.min(120, Math.floor(sessionSeconds / 2));
    var warnTimer;
    var endTimer;
    var notice;
    var focusBefore;

    var endingNotice = function (text, button) {
      if (!notice) {
        notice = document.createElement('div');
        notice.id = 'session-notice';
        notice.className = 'session-notice';
        notice.setAttribute('role', 'alertdialog');
        notice.setAttribute('aria-labelledby', 'session-notice-text');
        document.body.insertBefore(notice, document.body.firstChild);
      }
      notice.replaceChildren();
      var words = document.createElement('p');
      words.id = 'session-notice-text';
      words.textContent = text;
      notice.appendChild(words);
      if (button) {
        notice.appendChild(button);
      }
      notice.hidden = false;
    };

    var closeNotice = function () {
      if (notice) {
        notice.hidden = true;
      }
      if (focusBefore && focusBefore.isConnected) {
        focusBefore.focus();
      }
      focusBefore = null;
    };

    // Every tab of one browser keeps the one session: each notes the time of its last request where the others read
    // it (localStorage), so a tab left idle neither warns nor says the session ended while another is in use. None asks
    // the server instead: that request would itself keep the session, and two idle tabs would keep it for ever.
    var LAST_REQUEST = 'keepwarm.session.lastRequest';
    // The last request this page counts from, its own or another tab's.
    var since;

    var sharedLastRequest = function () {
      try {
        return parseInt(localStorage.getItem(LAST_REQUEST), 10) || 0;
      } catch (e) {
        return 0;
      }
    };

    // The page's timers for a session whose last request was at {@code from}.
    var countFrom = function (from) {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      since = from;
      var now = Date.now();
      warnTimer = setTimeout(warnOfEnd, from + (sessionSeconds - warnAhead) * 1000 - now);
      endTimer = setTimeout(endOrCarryOn, from + sessionSeconds * 1000 - now);
    };

    var restartSession = function () {
      sessionEnded = false;
      var now = Date.now();
      try {
        localStorage.setItem(LAST_REQUEST, String(now));
      } catch (e) {
        // private browsing without storage: this tab counts on its own
      }
      countFrom(now);
    };

    // Another tab's request since this page's last: the page counts from it, without a word (a warning withdrawn).
    var carriedOn = function () {
      var shared = sharedLastRequest();
      if (shared <= since) {
        return false;
      }
      if (notice && !notice.hidden) {
        closeNotice();
      }
      countFrom(shared);
      return true;
    };

    var endOrCarryOn = function () {
      if (!carriedOn()) {
        sessionEnded = true;
        endingNotice('Your session has ended for lack of activity. Sign in again in another tab, then press a'
            + ' button here again \u2014 what you typed on this page is still here.', null);
      }
    };

    window.addEventListener('storage', function (event) {
      if (event.key === LAST_REQUEST && !sessionEnded) {
        carriedOn();
      }
    });

    // The time left in words, counted from the clock: a warning that came late (the computer slept, the tab's timers
    // were held back in the background) says what is really left.
    var timeLeft = function (seconds) {
      if (seconds < 60) {
        return 'less than a minute';
      }
      var minutes = Math.round(seconds / 60);
      return minutes + (minutes === 1 ? ' minute' : ' minutes');
    };

    var stillSignedIn = function () {
      // As XMLHttpRequest, so that security does not keep it as the page to open after the next sign-in.
      return fetch('/ui/session', { credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
          .then(function (response) {
        return response.status === 204;
      }, function () {
        return false;
      });
    };

    var warnOfEnd = function () {
      if (carriedOn()) {
        return;
      }
      // Never more than the warning's own lead: the clock read here runs as it does, whatever delays the timers had.
      var left = Math.min(warnAhead, (since + sessionSeconds * 1000 - Date.now()) / 1000);
      if (left <= 0) {
        endOrCarryOn();
        return;
      }
      var stay = document.createElement('button');
      stay.type = 'button';
      stay.id = 'session-stay';
      stay.textContent = 'Stay signed in';
      stay.addEventListener('click', function () {
        stillSignedIn().then(function (yes) {
          if (yes) {
            closeNotice();
            restartSession();
          } else {
            sessionEnded = true;
            endingNotice(SESSION_ENDED, null);
          }
        });
      });
      endingNotice('Your session ends in ' + timeLeft(left) + ' for lack of activity, and a form sent after that is'
          + ' refused.', stay);
      focusBefore = document.activeElement;
      stay.focus();
    };

    document.addEventListener('htmx:afterRequest', function (event) {
      if (!signInPage(event.detail.xhr) && event.detail.xhr.status !== 403) {
        restartSession();
      }
    });

    // A form sent the ordinary way (not by htmx) once the session has ended: hold it until a session is there again.
    document.addEventListener('submit', function (event) {
      var form = event.target;
      // htmx's own forms say it by themselves (above); a GET form only filters a list; signing out needs no session.
      if (!sessionEnded || form.method !== 'post' || form.hasAttribute('hx-post') || form.dataset.afterSignIn
          || /\/logout$/.test(form.action)) {
        return;
      }
      event.preventDefault();
      var submitter = event.submitter;
      stillSignedIn().then(function (yes) {
        return yes ? renewToken() : false;
      }).then(function (renewed) {
        if (renewed) {
          closeNotice();
          restartSession();
          form.dataset.afterSignIn = 'true';
          form.requestSubmit(submitter);
        } else {
          tell(form, SESSION_ENDED);
        }
      });
    }, true);

    restartSession();
  }


  // An action done in place draws its block again, which left the keyboard's focus on <body> and its answer, drawn
  // inside the new block, unread. The answer (an element marked data-said in the fresh block) is written into the
  // page's one status region (layout.html #announcer), and the focus goes back where the person was: the same control
  // of the same form, else the card or row they acted on, else the next one (a card decided leaves the list), else its
  // section's heading (else the answer: the section gone with its last card). A field refused takes the focus, so that
  // its message is read with it.
  var announcer = null;

  function announce(text) {
    announcer = announcer || document.getElementById('announcer');
    if (!announcer || !text) {
      return;
    }
    // Emptied first: the same words twice in a row ("Note added") are read twice.
    announcer.textContent = '';
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // A page drawn again after one of its buttons (the stream builder's pool) lands where the button acted, and says
  // what it did: words a page comes with in a status region are not read out, words put in once it is there are.
  var landedSaid = document.querySelector('[data-announce]');
  if (landedSaid) {
    announce(landedSaid.getAttribute('data-announce'));
  }

  function focusOn(element) {
    if (!element) {
      return false;
    }
    if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) {
      element.setAttribute('tabindex', '-1');
    }
    element.focus();
    return document.activeElement === element;
  }

  var returnTo = null;

  function idOf(element) {
    return element && element.id ? element.id : null;
  }

  document.addEventListener('htmx:beforeSwap', function (event) {
    var form = sender(event.detail);
    returnTo = null;
    if (!form || form.tagName !== 'FORM' || !event.detail.shouldSwap) {
      return;
    }
    var active = document.activeElement === document.body && pressed ? pressed : document.activeElement;
    pressed = null;
    var card = form.closest('article[id], tr[id]');
    var following = [];
    for (var next = card && card.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.id) {
        following.push(next.id);
      }
    }
    var section = form.closest('section[aria-labelledby]');
    returnTo = {
      active: idOf(active),
      form: idOf(form),
      control: form.contains(active) ? Array.prototype.indexOf.call(form.elements, active) : -1,
      card: idOf(card),
      following: following,
      heading: section ? section.getAttribute('aria-labelledby') : null
    };
  });

  function refused(place) {
    return place ? place.querySelector('[aria-invalid="true"], .error[role="alert"]') : null;
  }

  function focusBack(plan, fresh) {
    var form = plan.form ? document.getElementById(plan.form) : null;
    var card = plan.card ? document.getElementById(plan.card) : null;
    var place = form || card;
    if (refused(place)) {
      return focusOn(refused(place));
    }
    if (plan.active && document.getElementById(plan.active) && focusOn(document.getElementById(plan.active))) {
      return true;
    }
    if (form && plan.control >= 0 && form.elements[plan.control] && !form.elements[plan.control].disabled
        && focusOn(form.elements[plan.control])) {
      return true;
    }
    if (card) {
      return focusOn(card);
    }
    var next = plan.following.map(function (id) { return document.getElementById(id); }).filter(Boolean)[0];
    return focusOn(next) || focusOn(plan.heading ? document.getElementById(plan.heading) : null)
        || focusOn(fresh.querySelector('[data-said]'));
  }

  document.addEventListener('htmx:afterSettle', function (event) {
    var target = event.detail.target;
    var fresh = (target.id && document.getElementById(target.id)) || target;
    if (!fresh.isConnected) {
      return;
    }
    var said = Array.prototype.map.call(fresh.querySelectorAll('[data-said]'), function (element) {
      return element.textContent.trim();
    }).filter(Boolean).join(' ');
    // A live preview (data-say-changes) says its answer only when it differs from the last: not at each pause.
    if (said && !(fresh.hasAttribute('data-say-changes') && fresh.dataset.lastSaid === said)) {
      fresh.dataset.lastSaid = said;
      announce(said);
    }
    var plan = returnTo;
    returnTo = null;
    if (plan) {
      focusBack(plan, fresh);
    }
  });

  // The header's menus (Audience, Automation, Mail) are <details>: they close on Escape, the focus back on their
  // summary, and once the focus has left them (Tab past their last link), as a menu does.
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') {
      return;
    }
    var menu = event.target.closest ? event.target.closest('details.dropdown[open]') : null;
    if (menu) {
      menu.open = false;
      menu.querySelector('summary').focus();
    }
  });

  document.addEventListener('focusout', function (event) {
    var menu = event.target.closest ? event.target.closest('details.dropdown[open]') : null;
    if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) {
      menu.open = false;
    }
  });

  // A <details class="phone-fold"> (the header's menu, the contact list's filters) folds on a phone only: wider, its
  // content shows however it is (keepwarm.css). There it is opened too, so that its state says what is shown: WebDriver
  // took the laptop's menu, in a closed one, for hidden; and a browser without ::details-content shows it at all.
  var wide = window.matchMedia('(min-width: 768px)');

  function unfold() {
    if (wide.matches) {
      document.querySelectorAll('details.phone-fold').forEach(function (fold) {
        fold.open = true;
      });
    }
  }

  document.addEventListener('DOMContentLoaded', unfold);
  wide.addEventListener('change', unfold);

  // A rule editor says it holds a mistake while its preview shows one, for screen readers as well.
  document.addEventListener('htmx:afterSwap', function (event) {
    if (event.detail.target.id !== 'preview') {
      return;
    }
    var editor = document.getElementById('rule-text');
    if (editor) {
      if (event.detail.target.querySelector('#rule-error')) {
        editor.setAttribute('aria-invalid', 'true');
      } else {
        editor.removeAttribute('aria-invalid');
      }
    }
  });

  // The content editor's fields say they hold a mistake while the message slot they point at shows one. Its slots are
  // always there and its live preview swaps them as you type, so the marks follow the slots, a refused save's included
  // (a form whose messages change only with the page is marked by the server: kw:error).
  function markFields() {
    document.querySelectorAll('#content-form [aria-describedby]').forEach(function (field) {
      var slots = field.getAttribute('aria-describedby').split(/\s+/)
          .map(function (id) { return document.getElementById(id); })
          .filter(function (slot) { return slot && slot.classList.contains('field-error'); });
      if (slots.length === 0) {
        return;
      }
      if (slots.some(function (slot) { return slot.textContent.trim() !== ''; })) {
        field.setAttribute('aria-invalid', 'true');
      } else {
        field.removeAttribute('aria-invalid');
      }
    });
  }

  document.addEventListener('DOMContentLoaded', markFields);
  document.addEventListener('htmx:afterSettle', markFields);

  // No ECharts aria: its generated description replaced the chart's own label (role="img", which names the table
  // holding the same figures) with misread numbers ("the data for New is 5, 0") and only the first ten weeks.
  var colors = ['#b8442c', '#3c6e9f', '#2a7a2a', '#a07b00', '#7b4fa0', '#2b8a8a', '#9f3c6e', '#6b6b6b', '#c77d2e', '#4f7b3c'];

  // Drawn on the chart's canvas: the HTML tooltip colours its markers with inline styles, which the pages'
  // Content-Security-Policy refuses.
  var TOOLTIP = { trigger: 'axis', renderMode: 'richText' };

  function funnel(data) {
    return {
      color: colors,
      grid: { left: 110, right: 60, top: 10, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: data.stages.map(function (s) { return s.label; }) },
      tooltip: TOOLTIP,
      series: [{
        type: 'bar', name: 'contacts',
        data: data.stages.map(function (s) {
          return { value: s.count, itemStyle: { color: s.path ? colors[0] : colors[7] } };
        }),
        label: { show: true, position: 'right' }
      }]
    };
  }

  function touches(data) {
    var series = [{ name: 'sent', type: 'bar', stack: 'sent', data: data.sent }];
    data.reasons.forEach(function (reason) {
      series.push({ name: reason, type: 'bar', stack: 'suppressed', data: data.suppressed[reason] });
    });
    return {
      color: colors,
      grid: { left: 40, right: 10, top: 40, bottom: 30 },
      legend: { type: 'scroll', top: 0 },
      tooltip: TOOLTIP,
      xAxis: { type: 'category', data: data.weeks },
      yAxis: { type: 'value', minInterval: 1 },
      series: series
    };
  }

  // Bars side by side per week, one series for each key but "weeks".
  function weekly(data) {
    var names = Object.keys(data).filter(function (key) { return key !== 'weeks'; });
    return {
      color: colors,
      grid: { left: 40, right: 10, top: 40, bottom: 30 },
      legend: { top: 0 },
      tooltip: TOOLTIP,
      xAxis: { type: 'category', data: data.weeks },
      yAxis: { type: 'value', minInterval: 1 },
      series: names.map(function (name) { return { name: name, type: 'bar', data: data[name] }; })
    };
  }

  var kinds = { funnel: funnel, touches: touches, weekly: weekly };

  function draw() {
    document.querySelectorAll('[data-chart]').forEach(function (element) {
      var make = kinds[element.dataset.chart];
      if (!make) {
        return;
      }
      var chart = echarts.init(element);
      chart.setOption(make(JSON.parse(element.dataset.series)));
      window.addEventListener('resize', function () { chart.resize(); });
      element.dataset.drawn = 'true';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!document.querySelector('[data-chart]')) {
      return;
    }
    // ECharts is large: only pages with a chart load it.
    var script = document.createElement('script');
    script.src = '/webjars/echarts/dist/echarts.min.js';
    script.onload = draw;
    document.head.appendChild(script);
  });
})();
