#!/usr/bin/env node
// The third-party Node client node-vtiger (npm 0.3.4), unchanged, against a running
// `vtql serve` loaded with the demo CRM.
//
// Environment: VTQL_URL, VTQL_USER (default admin), VTQL_ACCESS_KEY, VTQL_FACTS (the demo's
// live records from `cargo run --example demo_facts`: the expected values, computed from
// the generator, not through the server), optional VTQL_LIMITED_USER / VTQL_LIMITED_KEY (a
// user who may not see Contacts.email nor HelpDesk), NODE_PATH pointing at the
// node_modules holding node-vtiger. Exit status 0 when every check passes, 1 otherwise.
//
// node-vtiger's surface: new NodeVtigerWS(url, user, key).doLogin(cb) (getchallenge GET,
// login POST form), doQuery(text, cb) (GET; the text goes through JavaScript escape(),
// which sends Latin-1 as %FC, other characters as %uXXXX and leaves `+` raw, and gets a
// `;` appended), doDescribe(module, cb), doRetrieve(id, cb) (GET, unencoded). It has no
// listtypes and no logout: those two go through its own `request` dependency with the
// session it holds. It keeps one callback slot, so calls are made one at a time.

'use strict';

const fs = require('fs');
const NodeVtigerWS = require('node-vtiger');
const request = require('request');

const URL = process.env.VTQL_URL;
const USER = process.env.VTQL_USER || 'admin';
const KEY = process.env.VTQL_ACCESS_KEY;
const FACTS = JSON.parse(fs.readFileSync(process.env.VTQL_FACTS, 'utf8')).modules;
const LIMITED_USER = process.env.VTQL_LIMITED_USER;
const LIMITED_KEY = process.env.VTQL_LIMITED_KEY;

const failures = [];

function check(name, ok, detail) {
  console.log((ok ? 'ok   ' : 'FAIL ') + name + (ok || !detail ? '' : ': ' + detail));
  if (!ok) failures.push(name);
}

// One client call as a promise of {err, result}.
function call(client, method, ...args) {
  return new Promise((resolve) => {
    client[method](...args, (err, result) => resolve({ err, result }));
  });
}

async function query(client, text) {
  const { err, result } = await call(client, 'doQuery', text);
  if (err || !Array.isArray(result)) {
    throw new Error('query failed: ' + text + ': ' + JSON.stringify(err));
  }
  return result;
}

async function errorCode(client, method, ...args) {
  const { err } = await call(client, method, ...args);
  return err && err.code;
}

// A raw GET or POST with the client's session, through node-vtiger's own `request`.
function raw(client, method, params) {
  return new Promise((resolve, reject) => {
    const form = Object.assign({ sessionName: client._wsSessionName }, params);
    const opts = method === 'GET' ? { url: client._wsUrl, qs: form } : { url: client._wsUrl, form };
    request[method === 'GET' ? 'get' : 'post'](opts, (e, r, body) => {
      if (e) return reject(e);
      if (r.statusCode !== 200) return reject(new Error('HTTP ' + r.statusCode));
      resolve(JSON.parse(body));
    });
  });
}

const records = (m) => FACTS[m].records;
const idsWhere = (m, pred) => records(m).filter(pred).map((r) => r.id).sort();
const sameIds = (name, rows, expected) => {
  const got = rows.map((r) => r.id).sort();
  check(name, JSON.stringify(got) === JSON.stringify(expected),
    `got ${got.length} ids, expected ${expected.length} (${got.slice(0, 3)})`);
};

async function main() {
  const client = new NodeVtigerWS(URL, USER, KEY, 'error');
  const login = await call(client, 'doLogin');
  check('login gives a session and a user id',
    !login.err && typeof client._wsSessionName === 'string' && client._wsSessionName.length > 0 &&
    /^19x\d+$/.test(String(login.result && login.result.userId)),
    JSON.stringify(login));

  // listtypes (not in node-vtiger: its `request` with its session)
  const lt = await raw(client, 'GET', { operation: 'listtypes' });
  check('listtypes lists the demo modules',
    lt.success === true && Object.keys(FACTS).every((m) => lt.result.types.includes(m)), JSON.stringify(lt).slice(0, 200));

  // describe
  const d = await call(client, 'doDescribe', 'HelpDesk');
  const fields = d.result ? d.result.fields.map((f) => f.name) : [];
  check('describe HelpDesk', !d.err && d.result.name === 'HelpDesk' && d.result.idPrefix === '17' &&
    fields[fields.length - 1] === 'id' && fields.includes('parent_id'), JSON.stringify(d.err || fields));
  const parent = d.result && d.result.fields.find((f) => f.name === 'parent_id');
  check('describe parent_id refers to Accounts and Contacts',
    parent && parent.type.name === 'reference' &&
    ['Accounts', 'Contacts'].every((m) => parent.type.refersTo.includes(m)), JSON.stringify(parent));
  check('describe of an unknown module is ACCESS_DENIED',
    (await errorCode(client, 'doDescribe', 'NoSuchModule')) === 'ACCESS_DENIED');

  // count(*)
  for (const m of Object.keys(FACTS)) {
    const rows = await query(client, `select count(*) from ${m}`);
    check(`count(*) of ${m}`, JSON.stringify(rows) === JSON.stringify([{ count: String(records(m).length) }]),
      JSON.stringify(rows));
  }

  // quotes, backslash, %, _, non-ASCII through escape(): Latin-1 %FC and %uXXXX
  let rows = await query(client, "select lastname from Contacts where lastname = 'O''Brien'");
  // Comparisons ignore case, as on a real server's MySQL collation: o'brien matches too.
  sameIds("O''Brien (doubled quote; case-insensitive)", rows,
    idsWhere('Contacts', (r) => [...(r.lastname || '')].map((c) => c.toLowerCase()).join('') === "o'brien"));
  rows = await query(client, "select lastname from Contacts where lastname = 'Back\\slash'");
  sameIds('backslash kept', rows, idsWhere('Contacts', (r) => r.lastname === 'Back\\slash'));
  rows = await query(client, "select lastname from Contacts where lastname like '%\\%%'");
  sameIds('escaped % in like', rows, idsWhere('Contacts', (r) => (r.lastname || '').includes('%')));
  rows = await query(client, "select lastname from Contacts where lastname like 'Sm\\_th'");
  sameIds('escaped _ in like', rows, idsWhere('Contacts', (r) => r.lastname === 'Sm_th'));
  rows = await query(client, "select mailingcity from Contacts where mailingcity = 'Zürich'");
  sameIds('Zürich (escape() sends Z%FCrich)', rows, idsWhere('Contacts', (r) => r.mailingcity === 'Zürich'));
  check('Zürich rows read Zürich', rows.length > 0 && rows.every((r) => r.mailingcity === 'Zürich'));
  rows = await query(client, "select mailingcity from Contacts where mailingcity = 'Kraków'");
  sameIds('Kraków (escape() sends Krak%F3w)', rows, idsWhere('Contacts', (r) => r.mailingcity === 'Kraków'));
  rows = await query(client, "select mailingcity from Contacts where mailingcity = 'Łódź'");
  sameIds('Łódź (escape() sends %u0141%F3d%u017A)', rows, idsWhere('Contacts', (r) => r.mailingcity === 'Łódź'));
  rows = await query(client, "select count(*) from Contacts where mailingcity = '東京'");
  check('CJK (escape() sends %u6771%u4EAC) in a count(*) filter',
    JSON.stringify(rows) === JSON.stringify([{ count: String(idsWhere('Contacts', (r) => r.mailingcity === '東京').length) }]),
    JSON.stringify(rows));
  rows = await query(client, "select accountname from Accounts where accountname = '東京 Trading'");
  sameIds('CJK account name', rows, idsWhere('Accounts', (r) => r.accountname === '東京 Trading'));
  // escape() leaves `+` raw and PHP (and vtql serve) read a raw `+` as a space, so
  // node-vtiger cannot send a `+`: the value arrives as ' 47 ...' and matches nothing.
  const phone = records('Contacts').find((r) => (r.phone || '').startsWith('+')).phone;
  rows = await query(client, `select phone from Contacts where phone = '${phone}'`);
  check(`a raw + arrives as a space, as on the real server (${phone})`, rows.length === 0, JSON.stringify(rows));
  rows = await query(client, `select phone from Contacts where phone = '${phone.replace('+', ' ')}'`);
  check('... which is the same query as with a space', rows.length === 0, JSON.stringify(rows));

  // ids and references
  const one = records('Contacts').find((r) => r.account_id);
  rows = await query(client, `select lastname, account_id from Contacts where id = '${one.id}'`);
  check("id = '12x...'", JSON.stringify(rows) ===
    JSON.stringify([{ lastname: one.lastname || '', account_id: one.account_id, id: one.id }]), JSON.stringify(rows));
  rows = await query(client, `select lastname from Contacts where account_id = '${one.account_id}'`);
  sameIds("reference filter account_id = '11x...'", rows, idsWhere('Contacts', (r) => r.account_id === one.account_id));
  const tickets = new Map(records('HelpDesk').map((r) => [r.id, r]));
  rows = await query(client, 'select parent_id, contact_id from HelpDesk order by id limit 100, 100');
  check('HelpDesk parent_id and contact_id rendered with their module\'s prefix',
    rows.length === 100 && rows.every((r) => r.parent_id === (tickets.get(r.id).parent_id || '') &&
      r.contact_id === (tickets.get(r.id).contact_id || '')), JSON.stringify(rows.slice(0, 2)));

  // row cap and a pager over every module
  rows = await query(client, 'select lastname from Contacts');
  check('row cap: 100 rows without limit', rows.length === 100, String(rows.length));
  for (const m of Object.keys(FACTS)) {
    const total = Number((await query(client, `select count(*) from ${m}`))[0].count);
    const seen = [];
    let offset = 0;
    for (;;) {
      const page = await query(client, `select id from ${m} order by id limit ${offset}, 100`);
      seen.push(...page.map((r) => r.id));
      if (page.length < 100 || offset > total) break;
      offset += 100;
    }
    const expected = idsWhere(m, () => true);
    check(`pager over ${m}: ${offset / 100 + 1} pages, ${seen.length} ids, no duplicate`,
      seen.length === total && new Set(seen).size === total &&
      JSON.stringify([...seen].sort()) === JSON.stringify(expected),
      `seen ${seen.length} (${new Set(seen).size} distinct), count ${total}, expected ${expected.length}`);
  }

  // retrieve
  const ticket = records('HelpDesk').find((r) => r.parent_id && r.ticket_title);
  const rt = await call(client, 'doRetrieve', ticket.id);
  const wrong = Object.keys(ticket).filter((k) => typeof ticket[k] === 'string' &&
    (!rt.result || rt.result[k] !== ticket[k]));
  check('retrieve gives the record\'s text, ids and references', !rt.err && wrong.length === 0,
    JSON.stringify(rt.err || wrong.slice(0, 5).map((k) => [k, ticket[k], rt.result[k]])));
  check('retrieve: every value a string', rt.result && Object.values(rt.result).every((v) => typeof v === 'string'));
  check('retrieve of a wrong prefix is INVALID_ID_ATTRIBUTE',
    (await errorCode(client, 'doRetrieve', '12x' + ticket.id.split('x')[1])) === 'INVALID_ID_ATTRIBUTE');

  // errors
  check('syntax error is QUERY_SYNTAX_ERROR', (await errorCode(client, 'doQuery', 'select from Contacts')) === 'QUERY_SYNTAX_ERROR');

  // a user without access to a field
  if (LIMITED_USER && LIMITED_KEY) {
    const limited = new NodeVtigerWS(URL, LIMITED_USER, LIMITED_KEY, 'error');
    const l = await call(limited, 'doLogin');
    check('limited user: login', !l.err, JSON.stringify(l.err));
    const ld = await call(limited, 'doDescribe', 'Contacts');
    const lf = ld.result ? ld.result.fields.map((f) => f.name) : [];
    check('limited user: email not in describe', !ld.err && !lf.includes('email') && lf.includes('lastname'), JSON.stringify(ld.err || lf));
    check('limited user: querying email is ACCESS_DENIED',
      (await errorCode(limited, 'doQuery', 'select email from Contacts')) === 'ACCESS_DENIED');
    check('limited user: describe HelpDesk is ACCESS_DENIED',
      (await errorCode(limited, 'doDescribe', 'HelpDesk')) === 'ACCESS_DENIED');
    const lo = await raw(limited, 'POST', { operation: 'logout' });
    check('limited user: logout', lo.success === true, JSON.stringify(lo));
  }

  // logout (not in node-vtiger: its `request` with its session)
  const lo = await raw(client, 'POST', { operation: 'logout' });
  check('logout succeeds', lo.success === true, JSON.stringify(lo));
  check('the session is gone after logout',
    (await errorCode(client, 'doQuery', 'select count(*) from Contacts')) === 'INVALID_SESSIONID');
}

main()
  .catch((e) => {
    console.log('FAIL crashed: ' + (e && e.stack ? e.stack : e));
    failures.push('crashed');
  })
  .then(() => {
    if (failures.length) {
      console.log(`node-vtiger: ${failures.length} check(s) FAILED: ${failures.join('; ')}`);
      process.exit(1);
    }
    console.log('node-vtiger: all checks passed');
  });
