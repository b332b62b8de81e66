import AnshinReports

/// The findings one issue is about: one group of the report (one rule on one resource, or
/// one secret incident). Issue sync and the terminal report group the same way.
public typealias IssueGroup = FindingGroup
