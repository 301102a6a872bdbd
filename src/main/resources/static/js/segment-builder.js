// The segment editor's condition builder: pick a field, a condition in words and a value, and "Add condition" asks the
// server to write it into the rule text, quoted as the rule language wants. The text stays what is saved and can be
// edited by hand; writing into it sends the same input event typing does, so the live count follows at once. What
// may be picked (fields, operators, stages, lists, segments, the account's attributes) is the server's vocabulary,
// rendered into the page.
(function () {
  'use strict';

  function byId(id) {
    return document.getElementById(id);
  }

  function option(value, label) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  // A labelled field in the values area; returns the control.
  function labelled(box, id, label, control) {
    var wrapper = document.createElement('div');
    var l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    control.id = id;
    wrapper.appendChild(l);
    wrapper.appendChild(control);
    box.appendChild(wrapper);
    return control;
  }

  function input(type, attributes) {
    var i = document.createElement('input');
    i.type = type;
    Object.keys(attributes || {}).forEach(function (name) { i.setAttribute(name, attributes[name]); });
    return i;
  }

  function choices(term, many) {
    var select = document.createElement('select');
    select.multiple = many;
    if (many) {
      select.size = Math.min(term.choices.length, 5);
    }
    term.choices.forEach(function (c) { select.appendChild(option(c.value, c.label)); });
    return select;
  }

  // The labels of the values an operator takes: one, the two ends of a range, or a list.
  function names(op) {
    switch (op.count) {
      case 'NONE': return [];
      case 'TWO': return ['From', 'To'];
      case 'MANY': return [op.input === 'CHOICE' ? 'Values (pick one or more)'
          : op.input === 'TEXT' ? 'Values, separated by commas; quote one that has a comma: "Acme, Inc."'
          : 'Values, separated by commas'];
      default: return [op.input === 'COUNT' ? 'Times' : op.input === 'DAYS' ? 'Days' : 'Value'];
    }
  }

  // A day is a date or a number of days from today: a select says which, and the input changes with it.
  function day(box, id, label) {
    var kind = labelled(box, id + '-kind', label + ': a date or days from today', document.createElement('select'));
    kind.appendChild(option('date', 'a date'));
    kind.appendChild(option('days', 'days from today (− for past)'));
    var value = labelled(box, id, label, input('date'));
    kind.addEventListener('change', function () {
      value.value = '';
      value.type = kind.value === 'date' ? 'date' : 'number';
      if (value.type === 'number') {
        value.step = '1';
        value.setAttribute('inputmode', 'numeric');
      }
    });
    value.dataset.value = 'true';
  }

  function valueInputs(box, term, op) {
    box.innerHTML = '';
    names(op).forEach(function (label, i) {
      var id = 'builder-value-' + i;
      var control;
      switch (op.input) {
        case 'DATE':
          day(box, id, label);
          return;
        case 'CHOICE':
          control = choices(term, op.count === 'MANY');
          break;
        case 'NUMBER':
          control = op.count === 'MANY' ? input('text', { inputmode: 'decimal' }) : input('number', { step: 'any' });
          break;
        case 'DAYS':
          control = input('number', { min: '0', max: '36500', step: '1', inputmode: 'numeric' });
          break;
        case 'COUNT':
          control = input('number', { min: '0', step: '1', inputmode: 'numeric', value: '1' });
          break;
        default:
          control = input('text');
      }
      labelled(box, id, label, control).dataset.value = 'true';
    });
  }

  function values(box) {
    var all = [];
    box.querySelectorAll('[data-value]').forEach(function (control) {
      if (control.multiple) {
        Array.prototype.forEach.call(control.selectedOptions, function (o) { all.push(o.value); });
      } else {
        all.push(control.value);
      }
    });
    return all;
  }

  // Into the page's status region (layout.html), as keepwarm.js says an action's answer.
  function announce(text) {
    var region = byId('announcer');
    if (region) {
      region.textContent = '';
      setTimeout(function () { region.textContent = text; }, 50);
    }
  }

  function start() {
    var builder = byId('condition-builder');
    var rule = byId('rule-text');
    if (!builder || !rule) {
      return;
    }
    var terms = JSON.parse(builder.dataset.vocabulary).terms;
    var field = byId('builder-field');
    var op = byId('builder-op');
    var box = byId('builder-values');
    var add = byId('builder-add');
    var error = byId('builder-error');
    var groups = {};
    terms.forEach(function (term, i) {
      if (!groups[term.group]) {
        groups[term.group] = document.createElement('optgroup');
        groups[term.group].label = term.group;
        field.appendChild(groups[term.group]);
      }
      groups[term.group].appendChild(option(String(i), term.label));
    });

    function term() {
      return field.value === '' ? null : terms[Number(field.value)];
    }

    function chosenOp() {
      return term() && op.value !== '' ? term().operators[Number(op.value)] : null;
    }

    function say(text) {
      error.textContent = text || '';
      error.hidden = !text;
    }

    field.addEventListener('change', function () {
      var t = term();
      op.innerHTML = '';
      (t ? t.operators : []).forEach(function (o, i) { op.appendChild(option(String(i), o.words)); });
      // "Add condition" stays pressable (and reachable by Tab) without a field: pressed, it says what is missing.
      op.disabled = !t;
      var activity = t ? t.activity : null;
      byId('builder-match-box').hidden = activity !== 'CHANNEL';
      byId('builder-pattern-box').hidden = activity !== 'PATTERN';
      byId('builder-within-box').hidden = !activity;
      var match = byId('builder-match');
      match.innerHTML = '';
      match.appendChild(option('', 'any'));
      if (activity === 'CHANNEL') {
        t.choices.forEach(function (c) { match.appendChild(option(c.value, c.label)); });
      }
      byId('builder-pattern').value = '';
      byId('builder-within').value = '';
      op.dispatchEvent(new Event('change'));
      say('');
    });

    op.addEventListener('change', function () {
      box.innerHTML = '';
      if (chosenOp()) {
        valueInputs(box, term(), chosenOp());
      }
    });

    add.addEventListener('click', function () {
      var t = term();
      var o = chosenOp();
      if (!t || !o) {
        say(!t ? 'Pick a field first, then its condition.' : 'Pick a condition for ' + t.label + ' first.');
        (t ? op : field).focus();
        return;
      }
      if (add.getAttribute('aria-disabled') === 'true') {
        return;
      }
      var body = new URLSearchParams();
      body.append('text', rule.value);
      body.append('join', byId('builder-join').value);
      body.append('term', t.key);
      body.append('op', o.key);
      values(box).forEach(function (v) { body.append('value', v); });
      body.append('match', t.activity === 'CHANNEL' ? byId('builder-match').value
          : t.activity === 'PATTERN' ? byId('builder-pattern').value : '');
      body.append('within', t.activity ? byId('builder-within').value : '');
      if (builder.dataset.segment) {
        body.append('segment', builder.dataset.segment);
      }
      var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
      var token = document.querySelector('meta[name="_csrf"]');
      var header = document.querySelector('meta[name="_csrf_header"]');
      if (token && header) {
        headers[header.content] = token.content;
      }
      // Sent once, yet kept focusable: a disabled button loses the keyboard's focus to the page.
      add.setAttribute('aria-disabled', 'true');
      fetch('/ui/segments/condition', { method: 'POST', headers: headers, body: body, credentials: 'same-origin' })
        .then(function (response) {
          if (response.status === 403 || new URL(response.url).pathname === '/login') {
            throw new Error('Your session has ended or the page is out of date: sign in again in another tab, then'
                + ' press Add condition again.');
          }
          return response.text().then(function (text) {
            var answer;
            try {
              answer = JSON.parse(text);
            } catch (notJson) {
              answer = {};
            }
            if (!response.ok || typeof answer.text !== 'string') {
              throw new Error(answer.detail || 'That condition could not be added (' + response.status + ').');
            }
            return answer;
          });
        })
        .then(function (answer) {
          rule.value = answer.text;
          // The same event typing sends: htmx asks for the count and the preview.
          rule.dispatchEvent(new Event('input', { bubbles: true }));
          say('');
          announce('Condition added to the rule: ' + t.label + '.');
        }, function (problem) {
          say(problem instanceof TypeError ? 'Keepwarm could not be reached; press Add condition again once the'
              + ' connection is back.' : problem.message);
        })
        .then(function () { add.removeAttribute('aria-disabled'); });
    });

    builder.hidden = false;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
