/// The environment ribbon: a browser extension, generated from the environment catalog, that
/// draws the environment's name at the top left of every page of that environment.
///
/// People act in the wrong environment when production, staging and a demo look alike. The
/// ribbon makes the difference visible in every employee's browser, and draws nothing on
/// environments whose screens customers see. Everything is generated from `anshin.yml`, so the
/// extension never drifts from the catalog:
///
/// - ``RibbonPlan`` resolves each environment's URLs, label and colours, defaults included;
/// - ``ExtensionFiles`` writes the Manifest V3 extension (manifest and scripts) from a plan, as
///   pure values, so golden files and the reproducibility check need no disk;
/// - ``RibbonBuilder`` does the I/O: the unpacked folder, a deterministic `.zip`, the signed
///   `.crx` and update manifest for self-hosting, and the lock file that keeps the version
///   rising and the extension id stable;
/// - ``RibbonCheck`` judges the catalog's ribbons (coverage, distinct colours, contrast,
///   production not hidden by accident) as findings, also run by `anshin assess`.
enum AnshinRibbon {}
