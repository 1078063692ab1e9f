/**
 * BuzzTracker sheet-edit notifier (Google Apps Script, bound to the show sheet).
 *
 * An installable onEdit trigger (see installTrigger) sends the edited rows, as the sheet shows
 * them, to BuzzTracker's POST /hooks/sheet-edit, signed with the shared secret:
 *   X-Buzz-Timestamp: <Unix seconds>
 *   X-Buzz-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">
 * Script Properties (Project Settings → Script Properties):
 *   BUZZ_WEBHOOK_URL     e.g. https://buzz.example.com/hooks/sheet-edit
 *   BUZZ_WEBHOOK_SECRET  the API's WEBHOOK_SECRET
 */

var HEADER_ROW = 1;

/** The installable trigger's handler: e is the edit event (range, source). */
function onSheetEdit(e) {
  var range = e.range;
  var sheet = range.getSheet();
  var firstRow = Math.max(range.getRow(), HEADER_ROW + 1);
  var lastRow = range.getLastRow();
  if (lastRow < firstRow) return null; // only the header row changed
  var lastColumn = sheet.getLastColumn();
  var headers = sheet.getRange(HEADER_ROW, 1, 1, lastColumn).getDisplayValues()[0];
  var values = sheet.getRange(firstRow, 1, lastRow - firstRow + 1, lastColumn).getDisplayValues();
  var rows = values.map(function (cells) {
    var row = {};
    headers.forEach(function (header, i) {
      if (header) row[header] = cells[i];
    });
    return row;
  });
  var rowNumbers = values.map(function (_, i) {
    return firstRow + i;
  });
  return notify_({
    spreadsheetId: e.source.getId(),
    sheetName: sheet.getName(),
    editedAt: new Date().toISOString(),
    rows: rows,
    rowNumbers: rowNumbers,
  });
}

/** Signs and posts a notification; returns the HTTP status (202 when accepted). */
function notify_(payload) {
  var properties = PropertiesService.getScriptProperties();
  var url = properties.getProperty('BUZZ_WEBHOOK_URL');
  var secret = properties.getProperty('BUZZ_WEBHOOK_SECRET');
  if (!url || !secret) throw new Error('Set the Script Properties BUZZ_WEBHOOK_URL and BUZZ_WEBHOOK_SECRET.');
  var body = JSON.stringify(payload);
  var timestamp = String(Math.floor(Date.now() / 1000));
  var digest = Utilities.computeHmacSha256Signature(timestamp + '.' + body, secret, Utilities.Charset.UTF_8);
  var response = UrlFetchApp.fetch(url, {
    method: 'post',
    contentType: 'application/json',
    payload: body,
    headers: { 'X-Buzz-Timestamp': timestamp, 'X-Buzz-Signature': 'sha256=' + toHex_(digest) },
    muteHttpExceptions: true,
  });
  var status = response.getResponseCode();
  if (status !== 202) console.error('BuzzTracker answered ' + status + ': ' + response.getContentText());
  return status;
}

/** Apps Script returns bytes as signed numbers (-128…127). */
function toHex_(bytes) {
  return bytes
    .map(function (byte) {
      return ('0' + (byte & 0xff).toString(16)).slice(-2);
    })
    .join('');
}

/** Run once from the editor: installs the onEdit trigger (replacing an earlier one). */
function installTrigger() {
  var spreadsheet = SpreadsheetApp.getActive();
  ScriptApp.getProjectTriggers().forEach(function (trigger) {
    if (trigger.getHandlerFunction() === 'onSheetEdit') ScriptApp.deleteTrigger(trigger);
  });
  ScriptApp.newTrigger('onSheetEdit').forSpreadsheet(spreadsheet).onEdit().create();
}
