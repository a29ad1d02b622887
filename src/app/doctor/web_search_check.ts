/** The doctor's web search check: each configured provider has its key and answers. */
import { missingSetting, searchOrder, type SearchProviderName } from "../../tools/mod.ts";
import type { CheckResult, DoctorInput } from "./checks.ts";

/** One row per configured provider (none when web search is off); never throws. */
export async function checkWebSearch(i: DoctorInput): Promise<CheckResult[]> {
  const settings = i.config.tools.web_search;
  const order = searchOrder(settings);
  if (!order.length) {
    const native = i.config.providers.anthropic.native_web_search;
    return [{
      id: "web_search",
      status: "pass",
      detail: native ? "native search on Anthropic only" : "off (tools.web_search.provider)",
    }];
  }
  const out: CheckResult[] = [];
  for (const name of order) {
    const id = `web_search.${name}`;
    const missing = missingSetting(name, settings);
    if (missing) {
      out.push({
        id,
        status: "fail",
        detail: `${missing} is not set`,
        fix: `localgpt config set ${missing} ${name === "searxng" ? '"http://…"' : '"${VAR}"'}`,
      });
      continue;
    }
    const problem = i.probeSearch ? await i.probeSearch(name as SearchProviderName) : undefined;
    out.push(
      problem
        ? {
          id,
          status: "fail",
          detail: problem,
          fix: `localgpt search test "hello" --provider ${name}`,
        }
        : {
          id,
          status: "pass",
          detail: i.probeSearch ? "reachable, key set" : "key set (not probed)",
        },
    );
  }
  return out;
}
