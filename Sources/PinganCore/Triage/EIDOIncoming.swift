import Foundation

/// What an imported EIDO means to the platform, in its own terms: the application looks the
/// tracking identifier up and either creates `newIncident` (an incident it has not seen) or
/// appends the notes it has not seen yet to the incident it has, and applies the referral
/// states the agencies report.
public struct EIDOIncoming: Sendable, Hashable {
    /// One note of the document, as text.
    public struct Note: Sendable, Hashable {
        /// The note's `$id`: the same on every EIDO about the incident, so with `at` it tells
        /// which notes were already appended (an EIDO repeats all current notes every time).
        public var id: String
        public var text: String
        /// The agent who wrote it (`agentReference`), if the document says.
        public var author: String?
        /// The agency that last changed it.
        public var agency: String
        public var at: Date
        /// The agency component that points to it, when the note is about one agency (a
        /// referral's state); nil for notes about the incident or the call.
        public var aboutAgency: String?

        public init(id: String, text: String, author: String?, agency: String, at: Date, aboutAgency: String?) {
            self.id = id
            self.text = text
            self.author = author
            self.agency = agency
            self.at = at
            self.aboutAgency = aboutAgency
        }
    }

    /// A referral's state as one of its agency's notes gives it (see `EIDOExport`).
    public struct ReferralState: Sendable, Hashable {
        public var status: Referral.Status
        public var outcome: String?
        public var feedback: String?
        public var returnReason: String?
        /// The note it was read from, and when that was last changed.
        public var noteID: String
        public var at: Date

        public init(status: Referral.Status, outcome: String?, feedback: String?, returnReason: String?, noteID: String, at: Date) {
            self.status = status
            self.outcome = outcome
            self.feedback = feedback
            self.returnReason = returnReason
            self.noteID = noteID
            self.at = at
        }
    }

    /// An agency the document names, and what it says of it.
    public struct AgencyState: Sendable, Hashable {
        /// The agency identifier (its component's `$id`).
        public var identifier: String
        /// The name on its contact card, if it has one.
        public var name: String?
        public var roles: [String]
        public var types: [String]
        public var owning: Bool
        /// The platform's own agency, when the identifier is one `EIDOExport` made for `sender`.
        public var agencyID: AgencyID?
        /// Its referrals' states, oldest note first; empty for agencies without referrals.
        public var referrals: [ReferralState]

        public init(identifier: String, name: String?, roles: [String], types: [String], owning: Bool, agencyID: AgencyID?,
                    referrals: [ReferralState]) {
            self.identifier = identifier
            self.name = name
            self.roles = roles
            self.types = types
            self.owning = owning
            self.agencyID = agencyID
            self.referrals = referrals
        }
    }

    public var trackingIdentifier: String
    /// The platform's own incident, when the tracking identifier is one `EIDOExport` made for
    /// `sender`: an agency answering about a call Pingan referred.
    public var incidentID: IncidentID?
    /// The system that wrote the document (`issuingElementIdentification`).
    public var issuedBy: String
    /// The agency that last changed it.
    public var updatedBy: String
    public var lastUpdate: Date
    /// The sender's own number for the incident (`internalIncidentId`), for the dispatcher.
    public var externalNumber: String?
    /// The incident to create when the tracking identifier is new; already checked against the
    /// rules `IncidentDecider.validate` applies, with no jurisdiction (the application finds the
    /// station by position, as for a call).
    public var newIncident: NewIncident
    /// Every note, in the document's order.
    public var notes: [Note]
    public var agencies: [AgencyState]

    public init(trackingIdentifier: String, incidentID: IncidentID?, issuedBy: String, updatedBy: String, lastUpdate: Date,
                externalNumber: String?, newIncident: NewIncident, notes: [Note], agencies: [AgencyState]) {
        self.trackingIdentifier = trackingIdentifier
        self.incidentID = incidentID
        self.issuedBy = issuedBy
        self.updatedBy = updatedBy
        self.lastUpdate = lastUpdate
        self.externalNumber = externalNumber
        self.newIncident = newIncident
        self.notes = notes
        self.agencies = agencies
    }
}
