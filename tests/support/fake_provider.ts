/** FakeProvider: replays scripted event lists, one per call, and records every call. */
import type { Context, StreamEvent } from "../../src/core/mod.ts";
import type { Provider, StreamOptions } from "../../src/llm/mod.ts";

/** One recorded `stream()` call. */
export interface FakeCall {
  model: string;
  context: Context;
  options: StreamOptions;
}

/** A Provider whose replies are scripted: each `stream()` call takes the next event list. */
export class FakeProvider implements Provider {
  readonly name: string;
  readonly api = "openai" as const;
  readonly calls: FakeCall[] = [];
  #script: StreamEvent[][];
  #models: string[];

  constructor(script: StreamEvent[][] = [], options: { name?: string; models?: string[] } = {}) {
    this.name = options.name ?? "fake";
    this.#script = [...script];
    this.#models = options.models ?? ["fake-model"];
  }

  /** Adds a reply to the end of the script. */
  push(events: StreamEvent[]): this {
    this.#script.push(events);
    return this;
  }

  /** Replies left in the script. */
  get remaining(): number {
    return this.#script.length;
  }

  async *stream(
    model: string,
    context: Context,
    options: StreamOptions = {},
  ): AsyncGenerator<StreamEvent> {
    this.calls.push({ model, context: structuredClone(context), options });
    const events = this.#script.shift();
    if (!events) {
      throw new Error(`FakeProvider: no scripted reply left for call ${this.calls.length}`);
    }
    for (const event of events) {
      if (options.signal?.aborted) return;
      await Promise.resolve();
      yield event;
    }
  }

  listModels(): Promise<string[]> {
    return Promise.resolve(this.#models);
  }
}

/** The events of a plain text reply, for scripting a FakeProvider. */
export function textReply(text: string, model = "fake/fake-model"): StreamEvent[] {
  return [
    { type: "start", provider: "fake", model },
    { type: "text_delta", text },
    {
      type: "done",
      stopReason: "stop",
      message: { role: "assistant", content: [{ type: "text", text }], model },
    },
  ];
}

/** The events of a reply that calls one tool, for scripting a FakeProvider. */
export function toolCallReply(
  name: string,
  args: Record<string, unknown>,
  id = "call_1",
): StreamEvent[] {
  const call = { type: "tool_call" as const, id, name, arguments: JSON.stringify(args) };
  return [
    { type: "start", provider: "fake", model: "fake/fake-model" },
    { type: "tool_call", call },
    {
      type: "done",
      stopReason: "tool_use",
      message: { role: "assistant", content: [call], model: "fake/fake-model" },
    },
  ];
}
