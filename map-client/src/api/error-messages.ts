// One voice for errors (#17 point 6): every error code the API answers (api/src/errors.ts) and
// the client's own have a Chinese and an English text, so the Chinese UI never shows "登录失败：name
// or password is wrong". The server's message (often English detail) is kept only as a hint after it.
import type { Lang } from '../i18n.ts';
import { ApiError } from './client.ts';

/** The API's error codes (api/src/errors.ts ErrorCode) and the client's (client.ts ClientErrorCode). */
export const ERROR_MESSAGES: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  bad_request: { 'zh-CN': '请求有误', en: 'The request is not valid' },
  unauthorized: { 'zh-CN': '未登录或登录已过期,或用户名、密码不正确', en: 'Not signed in, the session has expired, or the name or password is wrong' },
  forbidden: { 'zh-CN': '当前账号无权执行此操作', en: 'This account may not do that' },
  too_many_requests: { 'zh-CN': '请求过于频繁,请稍后再试', en: 'Too many requests; please try again shortly' },
  too_many_jobs: { 'zh-CN': '您进行中的选址计算已达上限,请等待完成或取消一项后再试', en: 'You have as many siting runs in progress as you may; wait for one to finish or cancel one, then try again' },
  timeout: { 'zh-CN': '计算超时,请缩小范围后重试', en: 'The computation took too long; try a smaller question' },
  invalid_parameter: { 'zh-CN': '参数有误', en: 'A parameter is not valid' },
  not_found: { 'zh-CN': '未找到所请求的内容', en: 'Not found' },
  method_not_allowed: { 'zh-CN': '不支持此操作', en: 'This operation is not supported here' },
  payload_too_large: { 'zh-CN': '上传内容过大', en: 'The upload is too large' },
  unsupported_media_type: { 'zh-CN': '不支持此文件格式', en: 'This file format is not supported' },
  not_acceptable: { 'zh-CN': '无法提供所请求的格式', en: 'The requested format cannot be given' },
  conflict: { 'zh-CN': '与现有数据冲突(可能已被他人修改)', en: 'This conflicts with existing data (someone may have changed it)' },
  precondition_failed: { 'zh-CN': '数据已被他人修改,请刷新后重试', en: 'Someone changed this in the meantime; reload and try again' },
  precondition_required: { 'zh-CN': '修改前需先读取当前版本', en: 'Read the current version before changing it' },
  validation_failed: { 'zh-CN': '数据未通过校验', en: 'The data did not pass validation' },
  service_unavailable: { 'zh-CN': '服务暂不可用,请稍后再试', en: 'The service is unavailable; please try again shortly' },
  queue_full: { 'zh-CN': '选址计算队列已满,请稍后再试', en: 'The siting queue is full; please try again shortly' },
  internal: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  network_error: { 'zh-CN': '无法连接服务器', en: 'Cannot reach the server' },
  invalid_response: { 'zh-CN': '服务器返回的内容无法识别', en: 'The server answered something unreadable' },
  too_many_pages: { 'zh-CN': '数据过多,无法全部载入', en: 'Too much data to load at once' },
};

/** The text for an error code in the language; an unknown code by its HTTP status class. */
export function errorMessage(lang: Lang, code: string, status = 0): string {
  const known = ERROR_MESSAGES[code];
  if (known) return known[lang];
  if (status >= 500) return ERROR_MESSAGES['internal']![lang];
  return ERROR_MESSAGES['bad_request']![lang];
}

/** An error as the UI shows it: the localized text, then the code (for support). */
export function errorText(lang: Lang, error: unknown): string {
  if (error instanceof ApiError) return `${errorMessage(lang, error.code, error.status)}(${error.code})`;
  // Not from the API (a browser or script error): a neutral text, no English inside the Chinese UI.
  return lang === 'zh-CN' ? '操作失败,请重试' : `Something went wrong (${error instanceof Error ? error.message : String(error)})`;
}
