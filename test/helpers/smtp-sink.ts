import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A real SMTP server in the test process that keeps every message it accepts, parsed. */
export class SmtpSink {
  readonly messages: ParsedMail[] = []
  #server?: SMTPServer
  port = 0

  async start(port = 0): Promise<void> {
    this.#server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData: (stream, _session, done) => {
        simpleParser(stream).then((m) => { this.messages.push(m); done() }, done)
      },
    })
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', () => resolve()))
    this.port = (this.#server!.server.address() as { port: number }).port
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
    this.#server = undefined
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`
  }
}
