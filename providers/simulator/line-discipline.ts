/**
 * The canonical-mode line discipline of a pseudo-terminal, the part a shell session needs: typed
 * bytes are echoed, Backspace erases, Ctrl-U kills the line, Enter ends it, Ctrl-C interrupts,
 * Ctrl-D on an empty line is EOF; cursor-key escape sequences are swallowed (no history).
 */
export interface LineEvents {
  echo(text: string): void;
  line(text: string): void;
  eof(): void;
  interrupt(): void;
}

export class LineDiscipline {
  private chars: string[] = [];
  private escape = '';

  constructor(private readonly on: LineEvents) {}

  input(data: Buffer): void {
    for (const ch of data.toString('utf8')) {
      if (this.escape !== '') {
        this.escape += ch;
        // ESC [ params final, or ESC O x: done at the final byte.
        if (this.escape.length > 2 && /[@-~]/.test(ch)) this.escape = '';
        else if (this.escape.length === 2 && ch !== '[' && ch !== 'O') this.escape = '';
        continue;
      }
      this.key(ch);
    }
  }

  private key(ch: string): void {
    switch (ch) {
      case '\x1b':
        this.escape = ch;
        return;
      case '\r':
      case '\n': {
        this.on.echo('\r\n');
        const line = this.chars.join('');
        this.chars = [];
        this.on.line(line);
        return;
      }
      case '\x7f':
      case '\b':
        if (this.chars.pop() !== undefined) this.on.echo('\b \b');
        return;
      case '\x15':
        this.on.echo('\b \b'.repeat(this.chars.length));
        this.chars = [];
        return;
      case '\x03':
        this.on.echo('^C\r\n');
        this.chars = [];
        this.on.interrupt();
        return;
      case '\x04':
        if (this.chars.length === 0) this.on.eof();
        return;
      default:
        if (ch < ' ' && ch !== '\t') return;
        this.chars.push(ch);
        this.on.echo(ch);
    }
  }
}
