/**
 * A tiny POSIX-shell front end for the container interpreter: words with their quoting (expanded
 * later, when variables are known; `$((expr))` is one word), `;` / newline / `&&` / `||` lists,
 * `while ...; do ...; done` (and `until`),
 * `for x in ...; do ...; done`, output redirections and pipes (`a | b | c`: the commands after the
 * first in `pipeTo`). Background jobs are recognised only so the interpreter can treat them as
 * "not interpreted".
 */

export interface Segment {
  text: string;
  /** `literal`: single-quoted or backslash-escaped text, never expanded. */
  quote: 'none' | 'double' | 'literal';
  /** The text is a `$(...)` command substitution's script; quoted (`"$(...)"`), its output is one word. */
  subst?: true;
}
export type Word = Segment[];

type Op = ';' | '&&' | '||' | '|' | '&' | '>' | '>>' | '<';
/**
 * A redirection's operator carries its line (bash names it in a redirection's errors), the file
 * descriptor written before it (`2>`), and whether it duplicates one (`2>&1`).
 */
type Token = { word: Word } | { op: Op; line?: number; fd?: number; dup?: true };

export type Connector = ';' | '&&' | '||';
export type List = { node: Node; connector: Connector }[];
export type Node =
  | {
      kind: 'command';
      words: Word[];
      discardOutput: boolean;
      toStderr: boolean;
      /** `> FILE` or `>> FILE` (not /dev/null): where the output goes instead of the log. */
      outputFile?: { path: Word; append: boolean };
      /** The commands `words` pipes into, in order: `[]` when there is no pipe. */
      pipeTo: Word[][];
      /**
       * `< /dev/tcp/HOST/PORT` or `> /dev/tcp/...`: a connection bash opens (net-redirect.ts).
       * `quiet`: stderr already went to /dev/null (`2>/dev/null` before it), so its error is not seen.
       */
      netRedirect?: { path: Word; output: boolean; line: number; quiet: boolean };
      /** `< FILE`: what the command reads instead of its stdin. */
      inputFile?: Word;
    }
  | { kind: 'while'; condition: List; body: List; until?: true }
  | { kind: 'if'; branches: { condition: List; body: List }[]; otherwise: List }
  | { kind: 'for'; variable: string; items: Word[]; body: List };

export function parseScript(script: string): List {
  const parser = new Parser(tokenize(script));
  return parser.list([]);
}

/** The unquoted text of a word, when it is a plain bare word (keywords, variable names). */
export function bare(word: Word | undefined): string | undefined {
  return word && word.every((s) => s.quote === 'none') ? word.map((s) => s.text).join('') : undefined;
}

function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let word: Word | undefined;
  const add = (text: string, quote: Segment['quote']): void => {
    word ??= [];
    const last = word.at(-1);
    if (last && last.quote === quote && !last.subst) last.text += text;
    else word.push({ text, quote });
  };
  const end = (): void => {
    if (word) tokens.push({ word });
    word = undefined;
  };
  let i = 0;
  const operator = (op: Op, extra = 0): void => {
    end();
    tokens.push({ op });
    i += extra;
  };
  for (; i < script.length; i++) {
    const ch = script[i];
    const two = script.slice(i, i + 2);
    if (script.startsWith('$(', i) && !script.startsWith('$((', i)) {
      const close = matchingParen(script, i + 2);
      word ??= [];
      word.push({ text: script.slice(i + 2, close), quote: 'none', subst: true });
      i = close;
    } else if (script.startsWith('$((', i)) {
      // Arithmetic expansion is one word, spaces and all: `$(( i + 1 ))`.
      const close = script.indexOf('))', i + 3);
      const stop = close < 0 ? script.length : close + 2;
      add(script.slice(i, stop), 'none');
      i = stop - 1;
    } else if (ch === ' ' || ch === '\t') end();
    else if (ch === '\n' || ch === ';') operator(';');
    else if (two === '&&' || two === '||') operator(two, 1);
    else if (ch === '|' || ch === '&') operator(ch);
    else if (ch === '>' || ch === '<') {
      const written = word?.map((s) => s.text).join('') ?? '';
      const fd = /^\d+$/.test(written) ? Number(written) : undefined;
      if (fd !== undefined) word = undefined; // fd number: 2>&1
      end();
      const line = script.slice(0, i).split('\n').length;
      const op = ch === '>' && script[i + 1] === '>' ? '>>' : ch;
      while (script[i + 1] === '>') i++;
      const dup = script[i + 1] === '&';
      if (dup) i++;
      tokens.push({ op, line, ...(fd !== undefined && { fd }), ...(dup && { dup: true as const }) });
    } else if (ch === '#' && !word) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      const stop = close < 0 ? script.length : close;
      add(script.slice(i + 1, stop), 'literal');
      i = stop;
    } else if (ch === '"') {
      word ??= [];
      for (i++; i < script.length && script[i] !== '"'; i++) {
        if (script[i] === '\\' && '"\\$`'.includes(script[i + 1] ?? '')) add(script[++i], 'literal');
        else if (script.startsWith('$(', i) && !script.startsWith('$((', i)) {
          const close = matchingParen(script, i + 2);
          word.push({ text: script.slice(i + 2, close), quote: 'double', subst: true });
          i = close;
        } else add(script[i], 'double');
      }
    } else if (ch === '\\') {
      if (script[i + 1] === '\n') i++;
      else if (i + 1 < script.length) add(script[++i], 'literal');
    } else add(ch, 'none');
  }
  end();
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  list(stopWords: string[]): List {
    const items: List = [];
    let connector: Connector = ';';
    for (;;) {
      while (connector === ';' && this.isOp(';')) this.pos++;
      const next = this.tokens[this.pos];
      if (!next || ('word' in next && stopWords.includes(bare(next.word) ?? ''))) break;
      items.push({ node: this.node(), connector });
      const op = this.tokens[this.pos];
      if (!op || !('op' in op)) continue;
      this.pos++;
      connector = op.op === '&&' || op.op === '||' ? op.op : ';';
    }
    return items;
  }

  private node(): Node {
    const keyword = this.peekWord();
    if (keyword === 'while' || keyword === 'until') {
      this.pos++;
      const condition = this.list(['do']);
      this.expect('do');
      const body = this.list(['done']);
      this.expect('done');
      return keyword === 'while'
        ? { kind: 'while', condition, body }
        : { kind: 'while', condition, body, until: true };
    }
    if (keyword === 'if') {
      this.pos++;
      const branches: { condition: List; body: List }[] = [];
      let otherwise: List = [];
      for (;;) {
        const condition = this.list(['then']);
        this.expect('then');
        branches.push({ condition, body: this.list(['elif', 'else', 'fi']) });
        if (this.peekWord() !== 'elif') break;
        this.pos++;
      }
      if (this.peekWord() === 'else') {
        this.pos++;
        otherwise = this.list(['fi']);
      }
      this.expect('fi');
      return { kind: 'if', branches, otherwise };
    }
    if (keyword === 'for') {
      this.pos++;
      const variable = this.peekWord() ?? '_';
      this.pos++;
      const items: Word[] = [];
      if (this.peekWord() === 'in') {
        this.pos++;
        for (let t = this.tokens[this.pos]; t && 'word' in t; t = this.tokens[++this.pos]) items.push(t.word);
      }
      while (this.isOp(';')) this.pos++;
      this.expect('do');
      const body = this.list(['done']);
      this.expect('done');
      return { kind: 'for', variable, items, body };
    }
    return this.command();
  }

  private command(): Node {
    const node: Extract<Node, { kind: 'command' }> = {
      kind: 'command',
      words: [],
      discardOutput: false,
      toStderr: false,
      pipeTo: [],
    };
    // Where stdout (1) and stderr (2) go so far, as bash applies redirections left to right.
    const discarded = new Map<number, boolean>();
    for (let t = this.tokens[this.pos]; t; t = this.tokens[this.pos]) {
      if ('word' in t) (node.pipeTo.at(-1) ?? node.words).push(t.word);
      else if (t.op === '>' || t.op === '>>' || t.op === '<') {
        const target = this.tokens[this.pos + 1];
        const dest = target && 'word' in target ? target.word.map((s) => s.text).join('') : '';
        const output = t.op !== '<';
        const fd = t.fd ?? (output ? 1 : 0);
        if (output) discarded.set(fd, t.dup ? discarded.get(Number(dest)) === true : dest === '/dev/null');
        if (/^\/dev\/(tcp|udp)\//.test(dest) && target && 'word' in target)
          node.netRedirect = {
            path: target.word,
            output,
            line: t.line ?? 1,
            quiet: discarded.get(2) === true,
          };
        else if (!output && target && 'word' in target) node.inputFile = target.word;
        else if (output && !['1', '2', '&1', '&2', '/dev/stdout', '/dev/stderr'].includes(dest)) {
          node.discardOutput = true;
          if (dest !== '/dev/null' && target && 'word' in target)
            node.outputFile = { path: target.word, append: t.op === '>>' };
        }
        // `>&2` reaches here as `>` then `2` (the tokenizer folds the `&` into the operator).
        if (output && ['2', '&2', '/dev/stderr'].includes(dest)) node.toStderr = true;
        if (target && 'word' in target) this.pos++;
      } else if (t.op === '|') node.pipeTo.push([]);
      else break;
      this.pos++;
    }
    return node;
  }

  private peekWord(): string | undefined {
    const t = this.tokens[this.pos];
    return t && 'word' in t ? bare(t.word) : undefined;
  }

  private isOp(op: Op): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && 'op' in t && t.op === op;
  }

  private expect(keyword: string): void {
    if (this.peekWord() === keyword) this.pos++;
  }
}

/** The index of the `)` closing a `$(` whose script starts at `from`, past nested parentheses and quotes. */
function matchingParen(script: string, from: number): number {
  let depth = 1;
  let quote: string | undefined;
  for (let i = from; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return script.length;
}
