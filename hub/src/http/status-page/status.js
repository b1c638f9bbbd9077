// The QR code's live page: the ticket's position and estimated wait, updated by Server-Sent Events.
(function () {
  'use strict';
  const token = location.pathname.split('/').filter(Boolean)[1] || '';
  const texts = {
    es: {
      yourTurn: 'Su turno', ahead0: '¡Usted es el siguiente!', ahead1: 'Hay 1 persona antes que usted', aheadN: 'Hay {n} personas antes que usted',
      wait: 'Espera estimada: {m} min', waitUnknown: 'Espera estimada: por confirmar', called: '¡Es su turno!', go: 'Acérquese al {counter}',
      recalled: 'Lo estamos llamando de nuevo', serving: 'En atención en el {counter}', done: 'Atención finalizada. ¡Gracias por su visita!',
      no_show: 'Su turno fue llamado y no se presentó. Solicite uno nuevo en el kiosco.', cancelled: 'Este turno fue cancelado.',
      notFound: 'No encontramos este turno.', offline: 'Sin conexión; reintentando…', other: 'English',
    },
    en: {
      yourTurn: 'Your ticket', ahead0: 'You are next!', ahead1: '1 person ahead of you', aheadN: '{n} people ahead of you',
      wait: 'Estimated wait: {m} min', waitUnknown: 'Estimated wait: to be confirmed', called: 'It is your turn!', go: 'Please go to {counter}',
      recalled: 'We are calling you again', serving: 'Being served at {counter}', done: 'Service finished. Thank you for your visit!',
      no_show: 'Your ticket was called and you were not there. Please take a new one at the kiosk.', cancelled: 'This ticket was cancelled.',
      notFound: 'We could not find this ticket.', offline: 'Offline; retrying…', other: 'Español',
    },
  };
  let lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'es';
  let last = null;
  /** The call (and recall) the phone last buzzed for: once each, not on every update or language switch. */
  let buzzedFor = '';
  const field = (name) => document.querySelector(`[data-field="${name}"]`);
  const fill = (s, params) => s.replace(/\{(\w+)\}/g, (_, k) => String(params[k]));

  function render() {
    const t = texts[lang];
    document.documentElement.lang = lang;
    document.querySelector('[data-i18n="yourTurn"]').textContent = t.yourTurn;
    field('lang').textContent = t.other;
    if (!last) return;
    const v = last;
    field('office').textContent = v.officeName;
    field('number').textContent = v.number;
    field('service').textContent = v.serviceName[lang];
    const card = field('card');
    card.className = 'card';
    card.dataset.status = v.status;
    let headline = '';
    let detail = '';
    if (v.status === 'waiting') {
      headline = v.position === 0 ? t.ahead0 : v.position === 1 ? t.ahead1 : fill(t.aheadN, { n: v.position });
      detail = v.estimatedWaitMinutes === null ? t.waitUnknown : fill(t.wait, { m: v.estimatedWaitMinutes });
    } else if (v.status === 'called') {
      card.classList.add('called');
      headline = v.recalls > 0 ? t.recalled : t.called;
      detail = fill(t.go, { counter: v.counterName || '' });
    } else if (v.status === 'serving') {
      headline = fill(t.serving, { counter: v.counterName || '' });
    } else {
      card.classList.add('ended');
      headline = t[v.status];
    }
    field('headline').textContent = headline;
    field('detail').textContent = detail;
    const call = v.status === 'called' ? `${v.number}:${v.recalls}` : '';
    if (call && call !== buzzedFor) {
      buzzedFor = call;
      // Browsers refuse (and log) vibration before the person has touched the page.
      const touched = !navigator.userActivation || navigator.userActivation.hasBeenActive;
      if (touched && navigator.vibrate) navigator.vibrate([300, 150, 300]);
    }
  }

  function connect() {
    const source = new EventSource(`/api/ticket-status/${encodeURIComponent(token)}/events`);
    source.onmessage = (e) => {
      field('conn').hidden = true;
      last = JSON.parse(e.data);
      render();
    };
    source.onerror = () => {
      if (last && ['done', 'no_show', 'cancelled'].includes(last.status)) {
        source.close();
        return;
      }
      field('conn').hidden = false;
      field('conn').textContent = texts[lang].offline;
    };
  }

  field('lang').addEventListener('click', () => {
    lang = lang === 'es' ? 'en' : 'es';
    render();
  });
  render();
  fetch(`/api/ticket-status/${encodeURIComponent(token)}`).then((r) => {
    if (r.status === 404) {
      field('headline').textContent = texts[lang].notFound;
      return;
    }
    connect();
  }, connect);
})();
