/** A Clarky name as people read it in a plugin: `first_name` -> "First Name", `bot_id` -> "Bot ID", `video_call` -> "Video Call". */
const ACRONYMS: Readonly<Record<string, string>> = { id: 'ID', url: 'URL' };

export function fieldLabel(name: string): string {
  return name
    .split('_')
    .map((word) => ACRONYMS[word] ?? word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
