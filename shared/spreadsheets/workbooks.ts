// The spreadsheets function's reader and writers of registers and workbooks (routes/spreadsheets.ts).
// A file is read as what it is: an .xlsx is a zip, whatever it was sent as, so a workbook sent as
// text/csv is named as such instead of failing as unreadable CSV.
import type { Workbooks } from '../http/routes/spreadsheets';
import { XLSX_MEDIA_TYPE } from '../http/routes/spreadsheets';
import { ValidationError } from '../domain/errors';
import { parseImport } from './csv-import';
import { projectListCsv, projectListXlsx } from './project-list-export';
import { parseXlsxImport } from './xlsx-import';
import { yearReportXlsx } from './year-report';

/** The local file header every zip, and so every .xlsx, begins with. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

export const workbooks: Workbooks = {
  async readRegister(file, config, options) {
    const zip = isZip(file.bytes);
    if (file.mediaType === XLSX_MEDIA_TYPE) return parseXlsxImport(file.bytes, config, options);
    if (zip) {
      throw new ValidationError([{ field: 'body', rule: `is an .xlsx workbook sent as ${file.mediaType}: send it as ${XLSX_MEDIA_TYPE}` }]);
    }
    return parseImport(file.bytes, config, options);
  },
  projectListXlsx,
  projectListCsv,
  yearReportXlsx,
};
