// Reasoning models write their thinking before the answer, inline as <think>…</think> (DeepSeek-R1,
// Qwen3) or as a separate part of the response. It is removed before the answer is extracted: a
// number mentioned while thinking must not be taken for the final answer, and an answer "found"
// only inside the thinking is no answer.

const BLOCK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const UNCLOSED = /<(think|thinking|reasoning)>[\s\S]*$/i;
// Some chat templates put the opening tag in the prompt, so the reply starts inside the thinking.
const CLOSE_ONLY = /^[\s\S]*?<\/(think|thinking|reasoning)>/i;

/** The reply without its reasoning, and the reasoning removed (empty when there was none). */
export function splitReasoning(text: string): { answer: string; reasoning: string } {
  const removed: string[] = [];
  let answer = text.replace(BLOCK, (block) => {
    removed.push(block);
    return '';
  });
  if (!/<(think|thinking|reasoning)>/i.test(answer)) {
    answer = answer.replace(CLOSE_ONLY, (block) => {
      removed.push(block);
      return '';
    });
  }
  // Thinking that never closed (the reply was cut off): all of it is reasoning, and there is no answer.
  answer = answer.replace(UNCLOSED, (block) => {
    removed.push(block);
    return '';
  });
  if (removed.length === 0) return { answer: text, reasoning: '' };
  return { answer: answer.trim(), reasoning: removed.join('\n') };
}
