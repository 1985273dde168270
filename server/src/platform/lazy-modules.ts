// Heavy libraries loaded on first use, not at start-up. The server is meant to run on a
// small provincial machine (2 cores, little memory), and importing these eight libraries
// at start cost the server about 17 MiB of resident memory (14 MiB of it JavaScript heap,
// which V8 then scans at every full collection) while most requests never need them:
// spreadsheets (exceljs), Word documents (docx, docxtemplater, pizzip), mail (nodemailer),
// ADX/XML (fast-xml-parser), OpenID Connect sources (openid-client) and TOTP QR codes
// (qrcode). Each loader imports its library once, on the first call, and keeps it: the
// promise is kept, so concurrent first calls share one import and later calls are free.
//
// Call sites import only types from these packages (`import type ...`) and get the runtime
// value with `const ExcelJS = await loadExcelJS();` inside the function that needs it.
// The values returned are what a static import gave: the CommonJS packages' module.exports
// (their `default` under ESM), the ES-module packages' namespace.

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** exceljs (CommonJS): the object with Workbook, ValueType…, as `import ExcelJS from 'exceljs'`. */
export const loadExcelJS = once(() => import('exceljs').then((m) => m.default));

/** docx (ES module): the namespace, as `import * as docx from 'docx'`. */
export const loadDocx = once(() => import('docx'));

/** docxtemplater (CommonJS, `export =`): the Docxtemplater class. */
export const loadDocxtemplater = once(() => import('docxtemplater').then((m) => m.default));

/** pizzip (CommonJS, `export =`): the PizZip class. */
export const loadPizZip = once(() => import('pizzip').then((m) => m.default));

/** nodemailer (CommonJS): the object with createTransport, as `import nodemailer from 'nodemailer'`. */
export const loadNodemailer = once(() => import('nodemailer').then((m) => m.default));

/** fast-xml-parser (ES module): the namespace with XMLParser, XMLValidator. */
export const loadFastXmlParser = once(() => import('fast-xml-parser'));

/** openid-client (ES module): the namespace, as `import * as oidc from 'openid-client'`. */
export const loadOpenIdClient = once(() => import('openid-client'));

/** qrcode (CommonJS): the object with toDataURL…, as `import QRCode from 'qrcode'`. */
export const loadQRCode = once(() => import('qrcode').then((m) => m.default));
