/** Sign in with an API token: checked against the server before it is kept. */
import { api, saveToken } from '../api.js';
import { errorBox, h } from '../dom.js';

export function signInView(onSignedIn) {
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    spellcheck: 'false',
  });
  const remember = h('input', { id: 'remember', type: 'checkbox' });
  const message = h('div');
  const form = h(
    'form',
    { class: 'card narrow', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h(
      'p',
      {},
      'Use an API token. An administrator creates one with ',
      h('code', {}, 'npx synroute tokens create --name YOUR_NAME'),
      '.',
    ),
    h('label', { for: 'token' }, 'API token'),
    input,
    h(
      'div',
      { class: 'check' },
      remember,
      h('label', { for: 'remember' }, 'Remember on this computer'),
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    message,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.replaceChildren();
    const value = input.value.trim();
    try {
      await api('GET', '/engines', undefined, { token: value });
      saveToken(value, remember.checked);
      onSignedIn();
    } catch (err) {
      message.append(errorBox(err.status === 401 ? 'This token was not accepted.' : err.message));
      input.focus();
    }
  });
  queueMicrotask(() => input.focus());
  return { node: form };
}
