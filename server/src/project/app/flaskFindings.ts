import type { Finding } from '../../common/diagnostics';
import type { FlaskModel } from './flaskModel';

/** App-side Flask findings: static rules that do not do what they seem to. */
export function flaskFindings(model: FlaskModel): Finding[] {
  const out: Finding[] = [];
  for (const bp of model.blueprints) {
    if (bp.static && !bp.static.effective && model.static) {
      out.push({
        ...bp.source,
        severity: 'warning',
        code: 'flask-blueprint-static-shadowed',
        message: `Blueprint '${bp.name}' serves its static folder at ${bp.static.url}, the same URL as the app's static folder: the app's rule wins, so ${bp.static.dir} is never served (give the blueprint a url_prefix or static_url_path)`,
        related: [{ ...model.static.source!, message: `the app's static folder is served at ${model.static.url}` }],
      });
    }
  }
  for (const o of model.staticOverrides) {
    if (o.attribute === 'static_url_path') {
      out.push({
        ...o.source,
        severity: 'warning',
        code: 'flask-static-url-path-after-init',
        message: `Setting app.static_url_path after Flask(...) does not move the static route, which was registered at ${model.static?.url ?? 'construction'}: pass static_url_path= to Flask() instead`,
      });
    }
  }
  if (model.staticUrlPath !== undefined && model.staticUrlPath !== '' && !model.staticUrlPath.startsWith('/')) {
    out.push({
      ...model.source,
      severity: 'error',
      code: 'flask-static-url-path-slash',
      message: `static_url_path '${model.staticUrlPath}' must start with a slash: werkzeug refuses the rule '${model.staticUrlPath}/<path:filename>' ("urls must start with a leading slash")`,
    });
  }
  return out;
}
