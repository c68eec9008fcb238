// What each role may do: a copy of PinganCore's Role.may, used only to hide actions the server
// would refuse anyway (the server checks every request).
const grants = {
  dispatcher: (p) => p !== 'manageUsers' && p !== 'manageOrganisation',
  stationOfficer: (p) => ['readIncidents', 'writeIncidents', 'dispatch', 'readUnits', 'writeUnits', 'viewCaller', 'readOrganisation'].includes(p),
  fieldOfficer: (p) => ['readIncidents', 'updateOwnIncidents', 'readUnits', 'readOrganisation', 'reportPositions'].includes(p),
  supervisor: (p) => ['readIncidents', 'readUnits', 'viewCaller', 'readOrganisation', 'readAudit'].includes(p),
  externalAgency: (p) => ['readIncidents', 'updateOwnIncidents'].includes(p),
  auditor: (p) => ['readIncidents', 'readUnits', 'readOrganisation', 'readAudit'].includes(p),
};
export function may(role, permission) {
  if (role === 'admin') return true;
  return grants[role] ? grants[role](permission) : false;
}

/** The lifecycle table (PinganCore IncidentLifecycle.successors). */
export const successors = {
  received: ['dispatched', 'cancelled'], reopened: ['dispatched', 'cancelled'],
  dispatched: ['enRoute', 'onScene', 'cancelled', 'received'], enRoute: ['onScene', 'cancelled'],
  onScene: ['resolved', 'cancelled'], resolved: ['closed', 'reopened'], closed: ['reopened'], cancelled: ['reopened'],
};

/** Deadline limits in seconds for P1..P4 (DeadlinePolicy.standard), used when an incident
 *  arrives from the live feed without the server's computed `deadlines`. */
const limits = [[60, 300, 86400], [180, 900, 86400], [600, 1800, 172800], [1800, 7200, 259200]];
export function deadlinesFor(incident) {
  if (incident.status === 'cancelled') return [];
  const l = limits[(incident.priority || 4) - 1] || limits[3];
  const t = incident.times || {};
  const r = Date.parse(t.receivedAt);
  return [
    { step: 'dispatch', due: r + l[0] * 1000, doneAt: t.dispatchedAt ? Date.parse(t.dispatchedAt) : null },
    { step: 'arrive', due: r + l[1] * 1000, doneAt: t.onSceneAt ? Date.parse(t.onSceneAt) : null },
    { step: 'feedback', due: r + l[2] * 1000, doneAt: t.closedAt ? Date.parse(t.closedAt) : null },
  ];
}
