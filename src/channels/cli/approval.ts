/** Terminal approval for tools in `tools.require_approval`: `Execute <tool>? [y/N]`. */
import type { ApprovalRequest } from "../../agent/mod.ts";
import type { LineSource } from "./line_editor.ts";

/** Options of `createTerminalApproval()`. */
export interface TerminalApprovalOptions {
  /** Where the question and answer go; undefined when there is no terminal to ask. */
  reader?: LineSource;
  write(text: string): void;
  /** `--yes`: approve without asking. */
  yes?: boolean;
}

/** An approver: asks on the terminal, approves with `--yes`, refuses without a terminal. */
export function createTerminalApproval(
  options: TerminalApprovalOptions,
): (request: ApprovalRequest) => Promise<boolean> {
  return async (request) => {
    if (options.yes) return true;
    if (!options.reader) {
      options.write(
        `Refused ${request.name}: it needs approval (tools.require_approval) and there is no ` +
          "terminal to ask; pass --yes to allow it.\n",
      );
      return false;
    }
    const detail = request.detail ? ` (${request.detail})` : "";
    options.write(`\nExecute ${request.name}${detail}? [y/N] `);
    const answer = (await options.reader.readLine({ remember: false }))?.trim().toLowerCase() ??
      "";
    return answer === "y" || answer === "yes";
  };
}
