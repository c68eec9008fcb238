/// Refusals of triage, stable like every code.
extension DomainError.Code {
    /// The incident has a referral still with an agency: it closes on the agency's feedback.
    public static let referralOpen: Self = "referral_open"
    /// The agency does not serve the incident's ground.
    public static let agencyOutsideArea: Self = "agency_outside_area"
    /// An undo of a merge that is not (or no longer) in place.
    public static let notMerged: Self = "not_merged"
}
