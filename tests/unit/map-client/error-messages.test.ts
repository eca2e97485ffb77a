// One voice (#17 point 6): every error code the API can answer (api/src/errors.ts STATUS_OF, the
// only kind → status map) and the client's own have a Chinese and an English text, and the Chinese
// texts carry no English words (nor the English ones Chinese characters).
import { describe, expect, it } from 'vitest';
import { STATUS_OF } from '../../../api/src/errors.ts';
import { ApiError } from '../../../map-client/src/api/client.ts';
import { ERROR_MESSAGES, errorMessage, errorText } from '../../../map-client/src/api/error-messages.ts';
import { MESSAGES } from '../../../map-client/src/i18n.ts';

const CLIENT_CODES = ['network_error', 'invalid_response', 'too_many_pages'];
const HAN = /[\u4e00-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{2,}/;

describe('the client message catalogue', () => {
  const codes = [...Object.keys(STATUS_OF), ...CLIENT_CODES];

  it('should have a Chinese and an English text for every API and client error code, no more', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(ERROR_MESSAGES[code]!['zh-CN'], code).toMatch(HAN);
      expect(ERROR_MESSAGES[code]!['zh-CN'], code).not.toMatch(LATIN_WORD);
      expect(ERROR_MESSAGES[code]!.en, code).not.toMatch(HAN);
      expect(ERROR_MESSAGES[code]!.en.length, code).toBeGreaterThan(5);
    }
  });

  it('should show an API error in the UI language, not the server\'s English message', () => {
    const error = new ApiError({ code: 'unauthorized', message: 'name or password is wrong', status: 401, url: '/api/auth/login' });

    const zh = errorText('zh-CN', error);
    expect(zh).toContain('用户名、密码不正确');
    expect(zh.replace('(unauthorized)', '')).not.toMatch(LATIN_WORD);
    expect(errorText('en', error)).toContain('the name or password is wrong');
    expect(errorMessage('zh-CN', 'http_502', 502)).toBe(ERROR_MESSAGES.internal!['zh-CN']);
  });

  it('should keep the Chinese UI dictionary free of English words (units and codes aside)', () => {
    const allowed = /\b(2SFCA|API|CSV|XLSX|GeoJSON|JSON|OSM|GPs?|km|m|ID|OpenStreetMap|ODbL|PDF)\b/g;
    for (const [key, text] of Object.entries(MESSAGES['zh-CN'])) {
      expect(text.replace(/\{\w+\}/g, '').replace(allowed, ''), key).not.toMatch(LATIN_WORD);
    }
  });
});
