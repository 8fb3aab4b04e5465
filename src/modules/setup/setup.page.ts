/**
 * The first-run page. The setup code travels in the URL fragment (`/setup#code=...`), which the
 * browser never sends to the server, so it cannot end up in a log; the script moves it into the form.
 */
export const setupPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up Tijori</title>
<script src="/setup.js" defer></script>
</head>
<body>
<main>
<h1>Set up Tijori</h1>
<p>Create your business and the owner account. You will set up two-factor sign-in next.</p>
<form id="setup">
<p><label for="code">Setup code (printed by Tijori at start)</label><br><input id="code" name="code" required autocomplete="off"></p>
<p><label for="businessName">Business name</label><br><input id="businessName" name="businessName" required></p>
<p><label for="gstin">GSTIN</label><br><input id="gstin" name="gstin" required maxlength="15"></p>
<p><label for="stateCode">State code (two digits)</label><br><input id="stateCode" name="stateCode" required maxlength="2"></p>
<p><label for="ownerName">Your name</label><br><input id="ownerName" name="ownerName" autocomplete="name"></p>
<p><label for="ownerEmail">Your email</label><br><input id="ownerEmail" name="ownerEmail" type="email" required autocomplete="email"></p>
<p><label for="ownerPassword">Password (15 characters or more; a passphrase works well)</label><br><input id="ownerPassword" name="ownerPassword" type="password" required autocomplete="new-password"></p>
<p><label><input id="demo" name="demo" type="checkbox"> Fill with a sample apparel shop (demo items, barcodes, stock and a few fake customers) to try a sale at once</label></p>
<p><button type="submit">Create business</button></p>
<p id="result" role="status"></p>
</form>
</main>
</body>
</html>
`;

export const setupPageScript = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var match = /(?:^#|&)code=([A-Za-z0-9]+)/.exec(location.hash);
  if (match) { document.getElementById('code').value = match[1]; history.replaceState(null, '', '/setup'); }
  var form = document.getElementById('setup');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var data = {};
    new FormData(form).forEach(function (value, key) { if (value !== '') data[key] = value; });
    fetch('/api/v1/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (r) {
        document.getElementById('result').textContent = r.ok ? 'Done. Sign in at /' : r.body.error.message;
        if (r.ok) { location.assign('/'); }
      });
  });
});
`;
