/**
 * Block Kit, as much of it as the notifier uses, with Slack's limits applied where the text is
 * built: a message over a limit is refused by Slack (`invalid_blocks`), so text is cut with an
 * ellipsis instead, and an alert always goes out.
 */

/** Slack's limits on what a message may hold. */
export const SlackLimits = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  actionElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  /** The notification fallback text; Slack allows more, but nobody reads more in a notification. */
  fallbackText: 3000,
} as const;

/** Text Slack renders: `plain_text` as written, `mrkdwn` with formatting, links and mentions. */
export type TextObject = { readonly type: 'plain_text'; readonly text: string; readonly emoji?: boolean } | { readonly type: 'mrkdwn'; readonly text: string };

/** A link button. */
export interface LinkButton {
  readonly type: 'button';
  readonly text: TextObject & { readonly type: 'plain_text' };
  readonly url: string;
  readonly action_id: string;
}

/** The blocks the notifier sends. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: TextObject & { readonly type: 'plain_text' } }
  | { readonly type: 'section'; readonly text?: TextObject; readonly fields?: readonly TextObject[] }
  | { readonly type: 'context'; readonly elements: readonly TextObject[] }
  | { readonly type: 'actions'; readonly elements: readonly LinkButton[] }
  | { readonly type: 'divider' };

/** What an incoming webhook accepts: `text` is the notification and screen-reader fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly attachments: readonly [{ readonly color: string; readonly blocks: readonly SlackBlock[] }];
}

/**
 * Escapes text for `mrkdwn`: Slack reads `<...>` as links and mentions (`<!channel>`), so text
 * from an alarm or an SNS message must not reach it unescaped.
 */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Escaped text inside a code span: a backtick in it would end the span. */
export const code = (text: string): string => `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;

/**
 * Cuts text to `max` characters, ending in `…`, without splitting an HTML entity (`&amp;`) or an
 * emoji's surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1)).replace(/&[a-z]{0,4}$/, '');
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A header (plain text, emoji shortcodes rendered). */
export const header = (text: string): SlackBlock => ({ type: 'header', text: { type: 'plain_text', text: truncate(text, SlackLimits.headerText), emoji: true } });

/** A section of already escaped `mrkdwn`. */
export const section = (mrkdwn: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, SlackLimits.sectionText) } });

/** A section of two-column fields (already escaped `mrkdwn`); none when there are none. */
export const fieldsSection = (fields: readonly string[]): SlackBlock[] =>
  fields.length === 0 ? [] : [{ type: 'section', fields: fields.slice(0, SlackLimits.fields).map((text) => ({ type: 'mrkdwn', text: truncate(text, SlackLimits.fieldText) })) }];

/** A line of small print (already escaped `mrkdwn`). */
export const context = (mrkdwn: readonly string[]): SlackBlock[] =>
  mrkdwn.length === 0 ? [] : [{ type: 'context', elements: mrkdwn.slice(0, SlackLimits.contextElements).map((text) => ({ type: 'mrkdwn', text: truncate(text, SlackLimits.sectionText) })) }];

/** A link button, or nothing when the URL is longer than Slack accepts. */
export const linkButton = (label: string, url: string | undefined, actionId: string): LinkButton[] =>
  url === undefined || url.length > SlackLimits.buttonUrl
    ? []
    : [{ type: 'button', text: { type: 'plain_text', text: truncate(label, SlackLimits.buttonText), emoji: true }, url, action_id: actionId }];

/** A row of link buttons; none when there are none. */
export const actions = (buttons: readonly LinkButton[]): SlackBlock[] => (buttons.length === 0 ? [] : [{ type: 'actions', elements: buttons.slice(0, SlackLimits.actionElements) }]);

/** The whole message: blocks capped at Slack's 50, the fallback text escaped and cut. */
export function slackMessage(fallback: string, color: string, blocks: readonly SlackBlock[]): SlackMessage {
  const kept =
    blocks.length <= SlackLimits.blocks
      ? blocks
      : [...blocks.slice(0, SlackLimits.blocks - 1), ...context([`… ${blocks.length - SlackLimits.blocks + 1} more blocks left out (Slack shows at most ${SlackLimits.blocks}).`])];
  return { text: truncate(fallback, SlackLimits.fallbackText), attachments: [{ color, blocks: kept }] };
}
