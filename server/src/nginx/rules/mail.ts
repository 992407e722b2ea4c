/**
 * Mail blocks: `ssl on` and `starttls on|only` in the same block contradict each other (one says
 * TLS from the first byte, the other upgrades a plain connection); nginx refuses whichever
 * comes second: `"starttls" directive conflicts with "ssl on"`.
 */
import type { Visit } from '../walk';
import type { Rule, RuleContext } from './rule';

/** The rule. */
export function mailRule(ctx: RuleContext): Rule {
  return {
    block(owner, children) {
      if (!owner || (owner.directive.name !== 'mail' && !(owner.directive.name === 'server' && owner.context === 'mail'))) return;
      let ssl: Visit | undefined;
      let starttls: Visit | undefined;
      for (const c of children) {
        const value = c.directive.args[0]?.value.toLowerCase();
        if (c.directive.name === 'ssl' && value === 'on') {
          if (starttls) ctx.report(c, c.directive.nameWord, 'error', 'nginx-mail-ssl-conflict', '"ssl" directive conflicts with "starttls"');
          ssl ??= c;
        } else if (c.directive.name === 'starttls' && (value === 'on' || value === 'only')) {
          if (ssl) ctx.report(c, c.directive.nameWord, 'error', 'nginx-mail-ssl-conflict', '"starttls" directive conflicts with "ssl on"');
          starttls ??= c;
        }
      }
    },
  };
}
