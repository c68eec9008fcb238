import PinganCore

/// The named schemas of the OpenAPI document: the bodies the server sends. Response objects are
/// open (a later version may add members a client should ignore) but name every member the
/// server writes today, with its type, and which are always there. The test
/// `OpenAPITests.responsesMatchTheirSchemas` and schemathesis in CI check real replies against them.
enum Components {
    static let all: [String: Schema] = [
        "Problem": .object([
            "type": .string(.init()), "title": .string(.init()), "status": .integer(min: 100, max: 599), "detail": .string(.init()),
            "code": .string(.init(minLength: 1)), "field": .string(.init()),
            // import_invalid: every bad row of the refused import.
            "errors": .array(.object(["section": .string(.init()), "line": .integer(min: 0), "field": .string(.init()), "message": .string(.init())],
                                     required: ["section", "line", "message"], open: true)),
        ], required: ["type", "title", "status", "code"], open: true),
        "Position": point,
        "Jurisdiction": reply([
            "id": str, "parentID": str, "level": .oneOf(JurisdictionLevel.self), "code": str, "name": str, "nameEn": str,
            "location": .ref("Position"), "path": str, "version": .integer(min: 1), "active": .boolean, "policy": .object([:], open: true),
            "area": .area,
        ], optional: ["parentID", "nameEn", "location", "policy", "area"]),
        "Post": reply([
            "id": str, "stationID": str, "kind": .oneOf(Post.Kind.self), "name": str, "location": .ref("Position"), "path": str,
            "version": .integer(min: 1), "active": .boolean, "category": str,
        ], optional: ["category"]),
        "KeyPlaceImport": reply(["items": .array(.ref("Post")), "skipped": .integer(min: 0)]),
        "Zone": reply([
            "id": str, "stationID": str, "name": str, "boundary": .array(.ref("Position")), "unitIDs": .array(str), "path": str,
            "version": .integer(min: 1), "active": .boolean, "shifts": .array(.ref("ZoneShift")),
        ]),
        "PatrolDay": reply([
            "date": SupervisionController.daySchema, "asOf": .dateTime,
            "rows": .array(reply([
                "zoneID": str, "zoneName": str, "stationID": str, "shift": str, "from": .dateTime, "to": .dateTime, "unitID": str, "callsign": str,
                "inProgress": .boolean, "presenceMinutes": .number(min: 0), "requiredMinutes": .number(min: 0), "presenceMet": .boolean,
                "points": .array(reply(["name": str, "stayMinutes": .number(min: 0), "visited": .boolean])),
                "gapMinutes": .number(min: 0), "distanceKm": .number(min: 0), "outOfZoneUnassignedMinutes": .number(min: 0), "kept": .boolean,
            ])),
            "stations": .array(reply([
                "stationID": str, "stationName": str, "plans": .integer(min: 0), "ended": .integer(min: 0), "kept": .integer(min: 0),
                "presenceMinutes": .number(min: 0), "requiredMinutes": .number(min: 0), "pointsVisited": .integer(min: 0), "points": .integer(min: 0),
                "distanceKm": .number(min: 0), "outOfZoneUnassignedMinutes": .number(min: 0),
            ])),
        ]),
        "ZoneShift": reply([
            "name": str, "startMinute": .integer(min: 0, max: 1439), "lengthMinutes": .integer(min: 30, max: 1440),
            "requiredMinutes": .integer(min: 0), "unitIDs": .array(str),
            "points": .array(reply(["name": str, "location": .ref("Position"), "dwellMinutes": .integer(min: 0), "radiusMetres": .integer(min: 10)])),
        ]),
        "Unit": reply([
            "id": str, "callsign": str, "kind": .oneOf(UnitKind.self), "stationID": str, "status": .oneOf(UnitStatus.self),
            "statusSince": .dateTime, "crew": .integer(min: 1), "incidentID": str, "incidentPath": str, "path": str,
            "version": .integer(min: 1), "active": .boolean,
        ], optional: ["incidentID", "incidentPath"]),
        "User": reply([
            "id": str, "username": str, "displayName": str, "role": .oneOf(Role.self), "jurisdictionID": str, "unitID": str,
            "disabled": .boolean, "path": str, "version": .integer(min: 1), "mustChangePassword": .boolean, "agencyID": str,
        ], optional: ["unitID", "version", "mustChangePassword", "agencyID"]),
        "Incident": reply([
            "id": str, "number": str, "category": str, "priority": .integer(min: 1, max: 4), "location": .ref("Position"), "address": str,
            "caller": reply(["name": str, "phone": str], optional: ["name", "phone"]), "description": str,
            "status": .oneOf(IncidentStatus.self), "jurisdictionID": str, "path": str, "unitIDs": .array(str),
            "attendedUnitIDs": .array(str), "resolvedByUnitIDs": .array(str),
            "times": reply(["receivedAt": .dateTime, "dispatchedAt": .dateTime, "enRouteAt": .dateTime, "onSceneAt": .dateTime,
                            "resolvedAt": .dateTime, "closedAt": .dateTime, "cancelledAt": .dateTime, "reopenedAt": .dateTime],
                           optional: ["dispatchedAt", "enRouteAt", "onSceneAt", "resolvedAt", "closedAt", "cancelledAt", "reopenedAt"]),
            "feedback": reply(["at": .dateTime, "by": str, "outcome": str, "summary": str]),
            "acceptances": .array(reply(["at": .dateTime, "unitID": str])),
            "deadlines": .array(reply(["step": .strings(["dispatch", "arrive", "feedback"]), "due": .dateTime, "doneAt": .dateTime,
                                       "overdue": .boolean], optional: ["doneAt"])),
            "overdue": .boolean, "version": .integer(min: 1), "deadlineRule": .ref("DeadlineRule"),
            "referrals": .array(reply(["id": str, "agencyID": str, "agencyName": str, "status": .oneOf(Referral.Status.self)])),
            "mergedInto": reply(["into": str, "intoNumber": str, "by": str, "at": .dateTime, "previousStatus": .oneOf(IncidentStatus.self),
                                 "score": .number(min: 0, max: 1), "reasons": .array(str)], optional: ["score", "reasons"]),
            "mergedIncidentIDs": .array(str), "sourceID": str, "addressID": str,
            "riskFlags": .array(reply(["rule": str, "nameZh": str, "nameEn": str, "words": .array(str), "raiseTo": .integer(min: 1, max: 4),
                                       "notify": .boolean])),
        ], optional: ["riskFlags", "attendedUnitIDs", "resolvedByUnitIDs", "feedback", "acceptances", "unitIDs", "deadlineRule", "referrals", "mergedInto",
                      "mergedIncidentIDs", "sourceID", "addressID"]),
        "IncidentPage": reply(["items": .array(.ref("Incident")), "total": .integer(min: 0), "offset": .integer(min: 0), "limit": .integer(min: 0)]),
        "Message": reply([
            "id": str, "broadcastID": str, "unitID": str, "callsign": str, "from": reply(["userID": str, "name": str]), "text": str,
            "sentAt": .dateTime, "deliveredAt": .dateTime, "readAt": .dateTime, "path": str, "version": .integer(min: 1),
        ], optional: ["deliveredAt", "readAt"]),
        "Messages": reply(["items": .array(.ref("Message"))]),
        "Candidate": reply([
            "unit": str, "callsign": str, "kind": .oneOf(UnitKind.self), "etaSeconds": .number(min: 0), "distanceMeters": .number(min: 0),
            "position": .ref("Position"), "route": .array(.ref("Position")), "crossBorder": .boolean, "outsideDistrict": .boolean,
        ], optional: ["route", "position", "distanceMeters"]),
        "Recommendation": reply([
            "recommended": .array(.ref("Candidate")), "alternatives": .array(.ref("Candidate")), "computedAt": .dateTime,
            "unitsSearched": .integer(min: 0),
        ], optional: ["computedAt", "unitsSearched"]),
        "Route": reply(["unitID": str, "incidentID": str, "etaSeconds": .number(min: 0), "distanceMeters": .number(min: 0),
                        "from": .ref("Position"), "to": .ref("Position"), "route": .array(.ref("Position"))]),
        "Track": reply(["unitID": str, "from": .dateTime, "to": .dateTime,
                        "points": .array(reply(["at": .dateTime, "lat": .number(), "lon": .number(), "speed": .number(), "heading": .number()],
                                               optional: ["speed", "heading"]))]),
        "PositionResult": reply(["received", "accepted", "duplicates", "outOfOrder", "rejectedJump", "rejectedTime", "rejectedInvalid",
                                 "unknownUnit", "trackPointsStored", "events"].reduce(into: [String: Schema]()) { $0[$1] = .integer(min: 0) }),
        "ImportSummary": reply([
            "dryRun": .boolean, "created": .ref("ImportCounts"), "updated": .ref("ImportCounts"), "unchanged": .ref("ImportCounts"),
            "passwords": .array(reply(["username": str, "password": str])),
        ]),
        "HistoryImportSummary": reply([
            "dryRun": .boolean, "rows": .integer(min: 0), "imported": .integer(min: 0), "skipped": .integer(min: 0), "from": .dateTime, "to": .dateTime,
            "stations": .map(.integer(min: 0), keys: .init()), "batches": .integer(min: 0),
        ], optional: ["from", "to"]),
        "ImportCounts": reply(["jurisdictions": .integer(min: 0), "zones": .integer(min: 0), "posts": .integer(min: 0), "units": .integer(min: 0),
                               "users": .integer(min: 0)]),
        "Session": reply(["token": str, "expiresAt": .dateTime, "user": .ref("User"), "mustChangePassword": .boolean]),
        "Health": reply(["status": str, "lastSequence": .integer(min: 0), "demo": .boolean], optional: ["demo"]),
        "Demo": reply(["autoDispatch": .boolean, "simulated": .boolean]),
        "Category": reply(["code": str, "nameZh": str, "nameEn": str, "nonPolice": .boolean, "symbol": str], optional: ["symbol"]),
        "FeatureCollection": reply(["type": .strings(["FeatureCollection"]), "features": .array(reply(["type": str, "geometry": .any("GeoJSON geometry"),
                                                                                                      "properties": .any("feature properties")]))]),
        "Place": reply(["kind": str, "name": str, "category": str, "location": .ref("Position")], optional: ["category"]),
        "Address": reply(["kind": .strings(["address", "intersection", "street"]), "name": str, "category": str, "location": .ref("Position"),
                          "distanceMetres": .number(min: 0)], optional: ["category"]),
        "MapExtent": reply(["south": .number(min: -90, max: 90), "west": .number(min: -180, max: 180), "north": .number(min: -90, max: 90),
                            "east": .number(min: -180, max: 180), "centre": .ref("Position")]),
        "AuditPage": reply([
            "items": .array(reply([
                "seq": .integer(min: 1), "at": .dateTime, "actor": reply(["id": str, "name": str]), "command": str, "type": str, "subject": str,
                "path": str, "data": .any("the event's payload, by type"), "hash": hex, "prevHash": hex, "verified": .boolean,
            ])),
            "next": .integer(min: 1),
            "chain": reply(["intact": .boolean, "rows": .integer(min: 0), "head": .integer(min: 0), "brokenAt": .integer(min: 1)], optional: ["brokenAt"]),
        ], optional: ["next"]),
        "Report": .object([:], open: true),
        "DeadlineRule": reply(["dispatchSeconds": .integer(min: 1), "arriveSeconds": .integer(min: 1), "feedbackSeconds": .integer(min: 1), "setBy": str]),
        "Policy": reply([
            "jurisdictionID": str, "version": .integer(min: 1),
            "own": reply(["deadlines": .array(reply(["priority": .integer(min: 1, max: 4), "dispatchSeconds": .integer(min: 1),
                                                      "arriveSeconds": .integer(min: 1), "feedbackSeconds": .integer(min: 1)])),
                          "categories": .array(reply(["code": str, "nameZh": str, "nameEn": str, "nonPolice": .boolean, "retired": .boolean],
                                                     optional: ["nonPolice", "retired"])), "crossBorder": .boolean,
                          "responseTargets": .ref("ResponseTargets"), "patrolTargets": .ref("PatrolTargets")],
                         optional: ["crossBorder", "responseTargets", "patrolTargets"]),
            "effective": reply(["deadlines": .array(.ref("DeadlineRule")),
                                "categories": .array(reply(["category": .ref("Category"), "retired": .boolean, "setBy": str])),
                                "crossBorder": .boolean, "crossBorderSetBy": str, "responseTargets": .ref("ResponseTargets"),
                                "responseTargetsSetBy": str, "patrolTargets": .ref("PatrolTargets"), "patrolTargetsSetBy": str]),
        ]),
        "PatrolTargets": reply(["reachSeconds": .integer(min: 30, max: 1800), "minZoneShare": .number(min: 0, max: 1),
                                "holdMinutes": .integer(min: 1, max: 1440), "alerts": .boolean, "autoAcceptMoves": .boolean]),
        "Sensor": reply([
            "id": str, "name": str, "kind": .oneOf(Sensor.Kind.self), "jurisdictionID": str, "location": .ref("Position"), "postID": str,
            "status": .oneOf(Sensor.Status.self), "defaultProvince": str, "crowdRule": .object([:], open: true), "path": str,
            "version": .integer(min: 1), "active": .boolean, "count": .integer(min: 0), "countedAt": .dateTime, "lastSeenAt": .dateTime,
        ], optional: ["postID", "defaultProvince", "crowdRule", "count", "countedAt", "lastSeenAt"]),
        "Sensors": reply(["items": .array(.ref("Sensor"))]),
        "SensorToken": reply(["sensor": .ref("Sensor"), "token": str]),
        "SensorBatch": reply(["batchID": str, "accepted": .integer(min: 0), "duplicates": .integer(min: 0), "alerts": .array(str), "incidents": .array(str)]),
        "Watchlist": reply([
            "id": str, "name": str, "reason": str, "jurisdictionID": str, "severity": .oneOf(AlertSeverity.self), "validFrom": .dateTime,
            "validUntil": .dateTime, "visibleTo": .array(str), "audience": audience, "path": str, "version": .integer(min: 1), "active": .boolean,
        ], optional: ["validUntil"]),
        "Watchlists": reply(["items": .array(.ref("Watchlist"))]),
        "WatchlistEntry": reply([
            "id": str, "watchlistID": str, "kind": .oneOf(WatchlistEntry.Kind.self), "plate": str, "documentHash": str, "documentMasked": str,
            "name": str, "fuzzy": .boolean, "note": str, "path": str, "version": .integer(min: 1), "active": .boolean,
        ], optional: ["plate", "documentHash", "documentMasked", "name"]),
        "WatchlistEntries": reply(["items": .array(.ref("WatchlistEntry"))]),
        "WatchlistCheck": reply(["value": str, "hits": .array(reply(["entry": .ref("WatchlistEntry"), "watchlistID": str, "watchlistName": str,
                                                                       "severity": .oneOf(AlertSeverity.self), "reason": str, "fuzzy": .boolean]))]),
        "Alert": reply([
            "id": str, "kind": .oneOf(Alert.Kind.self), "severity": .oneOf(AlertSeverity.self), "status": .oneOf(Alert.Status.self), "title": str,
            "action": str, "location": .ref("Position"), "jurisdictionID": str, "sensorID": str, "sensorName": str, "record": .object([:], open: true),
            "watchlistID": str, "watchlistName": str, "entryID": str, "entryLabel": str, "fuzzy": .boolean, "audience": audience,
            "raisedAt": .dateTime, "acknowledgeBy": .dateTime, "handleBy": .dateTime, "acknowledged": reply(["at": .dateTime, "by": str]),
            "closed": reply(["at": .dateTime, "by": str]), "feedback": str,
            "proposedUnits": .array(reply(["unitID": str, "callsign": str, "etaSeconds": .number(min: 0)])), "incidentID": str, "cause": str,
            "groupID": str, "members": .array(str), "externalSender": str, "externalIdentifier": str, "path": str, "version": .integer(min: 1),
            "overdue": .array(.oneOf(AlertDeadline.self)),
        ], optional: ["sensorID", "sensorName", "record", "watchlistID", "watchlistName", "entryID", "entryLabel", "fuzzy", "acknowledged", "closed",
                      "feedback", "incidentID", "groupID", "externalSender", "externalIdentifier"]),
        "Alerts": reply(["items": .array(.ref("Alert")), "counts": .map(.integer(min: 0), keys: .init())]),
        "Agency": reply([
            "id": str, "code": str, "name": str, "nameEn": str, "kind": .oneOf(Agency.Kind.self), "jurisdictionID": str, "serves": .array(str),
            "phone": str, "active": .boolean, "path": str, "version": .integer(min: 1),
        ], optional: ["nameEn", "phone"]),
        "Agencies": reply(["items": .array(.ref("Agency"))]),
        "StandardAddress": reply([
            "id": str, "parts": reply(["district": str, "street": str, "number": str, "building": str, "unit": str, "room": str],
                                      optional: ["building", "unit", "room"]),
            "location": .ref("Position"), "stationID": str, "checkedAt": .dateTime, "checkCorrect": .boolean, "active": .boolean, "path": str,
            "version": .integer(min: 1),
        ], optional: ["location", "checkedAt", "checkCorrect"]),
        "RegistryQuality": reply(["stations": .array(reply([
            "stationID": str, "addresses": .integer(min: 0), "collected": .integer(min: 0), "collectionRate": .number(min: 0), "checked": .integer(min: 0),
            "correct": .integer(min: 0), "accuracy": .number(min: 0), "inhabitants": .integer(min: 0), "houses": .integer(min: 0),
            "rented": .integer(min: 0), "tenants": .integer(min: 0), "organisations": .integer(min: 0), "keyUnits": .integer(min: 0),
        ], optional: ["accuracy"]))]),
        "StandardAddresses": reply(["items": .array(.ref("StandardAddress"))]),
        "Inhabitant": reply([
            "id": str, "addressID": str, "name": str, "idNumber": str, "kind": .oneOf(Inhabitant.Kind.self), "permit": .oneOf(Inhabitant.Permit.self),
            "permitExpiry": str, "phone": str, "collectedAt": .dateTime, "collectedBy": str, "active": .boolean, "path": str,
            "version": .integer(min: 1),
        ], optional: ["permitExpiry", "phone"]),
        "Inhabitants": reply(["items": .array(.ref("Inhabitant")), "house": .ref("ActualHouse"), "organisations": .array(.ref("ActualOrganisation"))],
                             optional: ["house"]),
        "ActualHouse": reply([
            "id": str, "addressID": str, "use": .oneOf(ActualHouse.Use.self), "ownerName": str, "ownerPhone": str, "ownerIDNumber": str,
            "tenants": .integer(min: 0), "collectedAt": .dateTime, "collectedBy": str, "path": str, "version": .integer(min: 1),
        ], optional: ["ownerPhone", "ownerIDNumber"]),
        "ActualOrganisation": reply([
            "id": str, "addressID": str, "name": str, "kind": .oneOf(ActualOrganisation.Kind.self), "creditCode": str, "principal": str, "phone": str,
            "employees": .integer(min: 0), "keyUnit": .boolean, "collectedAt": .dateTime, "collectedBy": str, "active": .boolean, "path": str,
            "version": .integer(min: 1),
        ], optional: ["phone"]),
        "PopulationImportSummary": reply([
            "dryRun": .boolean, "rows": .integer(min: 0), "addressesCreated": .integer(min: 0), "addressesKnown": .integer(min: 0),
            "inhabitantsCreated": .integer(min: 0),
            "duplicates": .array(reply(["line": .integer(min: 1), "idNumber": str, "sameAsLine": .integer(min: 1)], optional: ["sameAsLine"])),
        ]),
        "FraudWarning": reply([
            "id": str, "reference": str, "source": .oneOf(FraudWarning.Source.self), "victimName": str, "phone": str, "idNumber": str,
            "address": str, "addressID": str, "location": .ref("Position"), "reason": str, "amountAtRisk": .integer(min: 0),
            "deadline": .dateTime, "receivedAt": .dateTime, "status": .oneOf(FraudWarning.Status.self),
            "followUps": .array(reply(["status": .oneOf(FraudWarning.Status.self), "at": .dateTime, "by": str, "note": str,
                                       "amountPrevented": .integer(min: 1)], optional: ["note", "amountPrevented"])),
            "routing": .oneOf(FraudWarning.Routing.self), "stationID": str, "path": str, "version": .integer(min: 1),
        ], optional: ["idNumber", "addressID", "location"]),
        "FraudWarnings": reply(["items": .array(.ref("FraudWarning"))]),
        "Dispute": reply([
            "id": str, "kind": .oneOf(Dispute.Kind.self), "risk": .oneOf(Dispute.Risk.self), "status": .oneOf(Dispute.Status.self), "summary": str,
            "parties": .array(reply(["name": str, "phone": str, "idNumber": str], optional: ["phone", "idNumber"])),
            "mediators": .array(reply(["name": str, "kind": .oneOf(Dispute.Mediator.Kind.self)])),
            "sessions": .array(reply(["at": .dateTime, "by": str, "note": str, "outcome": .oneOf(Dispute.Session.Outcome.self)])),
            "address": str, "addressID": str, "location": .ref("Position"), "followUpDue": .dateTime, "incidentIDs": .array(str),
            "escalations": .integer(min: 0), "openedAt": .dateTime, "openedBy": str, "closedAt": .dateTime, "stationID": str, "path": str,
            "version": .integer(min: 1),
        ], optional: ["addressID", "location", "followUpDue", "closedAt"]),
        "Disputes": reply(["items": .array(.ref("Dispute"))]),
        "VolunteerTeam": reply([
            "id": str, "name": str, "stationID": str, "zoneIDs": .array(str),
            "members": .array(reply(["username": str, "name": str, "phone": str, "joinedAt": .dateTime, "active": .boolean], optional: ["phone"])),
            "createdAt": .dateTime, "createdBy": str, "active": .boolean, "path": str, "version": .integer(min: 1),
        ]),
        "VolunteerTeams": reply(["items": .array(.ref("VolunteerTeam"))]),
        "VolunteerTeamDetail": reply([
            "team": .ref("VolunteerTeam"), "from": str, "to": str,
            "contributions": .array(reply(["username": str, "name": str, "shifts": .integer(min: 0), "hours": .number(min: 0),
                                           "reports": .integer(min: 0), "filed": .integer(min: 0), "kept": .integer(min: 0)])),
        ]),
        "VolunteerShift": reply([
            "id": str, "teamID": str, "teamName": str, "stationID": str, "username": str, "name": str, "startedAt": .dateTime, "endedAt": .dateTime,
            "position": .ref("Position"), "positionAt": .dateTime, "inArea": .boolean,
            "reports": .array(reply([
                "number": .integer(min: 1), "at": .dateTime, "text": str, "location": .ref("Position"), "urgent": .boolean,
                "status": .oneOf(VolunteerShift.Report.Status.self), "incidentID": str, "reviewedBy": str, "reviewedAt": .dateTime,
            ], optional: ["location", "incidentID", "reviewedBy", "reviewedAt"])),
            "path": str, "version": .integer(min: 1),
        ], optional: ["endedAt", "position", "positionAt", "inArea"]),
        "VolunteerShifts": reply(["items": .array(.ref("VolunteerShift"))]),
        "VolunteerMine": reply([
            "team": .ref("VolunteerTeam"), "shift": .ref("VolunteerShift"),
            "zones": .array(reply(["id": str, "name": str, "boundary": .array(.ref("Position"))])),
        ], optional: ["team", "shift"]),
        "DisputeRates": reply([
            "from": str, "to": str,
            "stations": .array(reply([
                "stationID": str, "opened": .integer(min: 0), "resolved": .integer(min: 0), "unresolved": .integer(min: 0), "open": .integer(min: 0),
                "overdue": .integer(min: 0), "highRiskOpen": .integer(min: 0), "escalated": .integer(min: 0), "resolutionRate": .number(min: 0),
            ])),
        ]),
        "FraudWarningImportSummary": reply([
            "dryRun": .boolean, "rows": .integer(min: 0), "received": .integer(min: 0), "byStation": .object([:], open: true),
            "byRouting": .object([:], open: true),
            "duplicates": .array(reply(["line": .integer(min: 1), "reference": str, "sameAsLine": .integer(min: 1)], optional: ["sameAsLine"])),
        ]),
        "FraudWarningRates": reply([
            "from": str, "to": str,
            "stations": .array(reply([
                "stationID": str, "received": .integer(min: 0), "followedUp": .integer(min: 0), "onTime": .integer(min: 0),
                "contacted": .integer(min: 0), "dissuaded": .integer(min: 0), "lossPrevented": .integer(min: 0), "unreachable": .integer(min: 0),
                "overdue": .integer(min: 0), "amountAtRisk": .integer(min: 0), "amountPrevented": .integer(min: 0),
                "followUpRate": .number(min: 0), "onTimeRate": .number(min: 0), "savedRate": .number(min: 0),
            ])),
        ]),
        "SupervisionCase": reply([
            "id": str, "kind": .oneOf(OverdueItem.Kind.self), "subjectID": str, "step": str, "due": .dateTime, "path": str,
            "unitIDs": .array(str), "agencyID": str, "title": str,
            "stages": .array(reply(["level": .oneOf(SupervisionCase.Level.self), "sentAt": .dateTime, "text": str, "acknowledgedAt": .dateTime,
                                    "acknowledgedBy": str], optional: ["acknowledgedAt", "acknowledgedBy"])),
            "status": .oneOf(SupervisionCase.Status.self), "resolvedAt": .dateTime, "opened": .dateTime, "version": .integer(min: 1),
        ], optional: ["agencyID", "resolvedAt"]),
        "SupervisionCases": reply(["items": .array(.ref("SupervisionCase"))]),
        // NENA-STA-021 EIDO: the header members this server always writes; the components are
        // the standard's (see `EIDODocument`).
        "EIDO": reply(["$id": str, "eidoVersion": str, "lastUpdateTimeStamp": str, "agencyComponent": .array(.object([:], open: true))]),
        "HotspotForecast": reply([
            "type": .strings(["FeatureCollection"]), "day": str, "method": ForecastController.methodSchema, "cellMetres": .number(min: 0),
            "trainDays": .integer(min: 1), "eventsUsed": .integer(min: 0),
            "features": .array(reply(["type": .strings(["Feature"]), "geometry": .any("GeoJSON polygon of the cell"),
                                      "properties": reply(["rank": .integer(min: 1), "cell": .integer(min: 0), "score": .number(min: 0)])])),
        ]),
        "Patrol": reply([
            "units": .integer(min: 0), "thresholdsSeconds": .array(.integer(min: 0)),
            "road": .array(.number(min: 0, max: 1)), "demand": .array(.number(min: 0, max: 1)), "keyPlaces": .array(.number(min: 0, max: 1)),
            "keyPlaceCount": .integer(min: 0), "demandPoints": .integer(min: 0),
            "outOfReach": .array(reply(["name": str, "nameEn": str, "category": str, "location": .ref("Position"), "seconds": .integer(min: 0)],
                                       optional: ["seconds"])),
            "proposals": .array(reply(["unitID": str, "callsign": str, "postID": str, "postName": str, "location": .ref("Position"),
                                       "driveSeconds": .integer(min: 0), "gain": .number(min: 0, max: 1)])),
            "demandWithin3Now": .number(min: 0, max: 1), "demandWithin3After": .number(min: 0, max: 1),
        ]),
        "Zones": reply(["items": .array(.ref("Zone"))]),
        "ZoneStudy": reply([
            "proposal": .ref("ZoneCut"), "current": .ref("ZoneCut"), "calls": .integer(min: 0),
        ], optional: ["current"]),
        "ZoneCut": reply([
            "zones": .array(reply(["outline": .array(.ref("Position")), "share": .number(min: 0, max: 1), "nodes": .integer(min: 0),
                                   "meanDriveSeconds": .number(min: 0), "zoneID": str], optional: ["zoneID"])),
            "imbalance": .number(min: 0), "meanDriveSeconds": .number(min: 0),
        ]),
        "OverdueFeedback": reply([
            "from": str, "to": str,
            "rows": .array(reply(["day": str, "owner": str, "ownerKind": .strings(["station", "agency"]), "due": .integer(min: 0),
                                  "overdue": .integer(min: 0), "rate": .number(min: 0, max: 1)])),
            "totals": .map(reply(["due": .integer(min: 0), "overdue": .integer(min: 0), "rate": .number(min: 0, max: 1)]), keys: .init()),
        ]),
        "Triage": reply([
            "duplicates": .array(reply([
                "incidentID": str, "score": .number(min: 0, max: 1), "distanceMeters": .number(min: 0), "secondsApart": .number(min: 0),
                "sameCaller": .boolean, "textSimilarity": .number(min: 0, max: 1), "sameCategory": .boolean, "reasons": .array(str),
                "number": str, "status": .oneOf(IncidentStatus.self), "address": str, "receivedAt": .dateTime,
            ])),
            "repeats": reply(["place30": .integer(min: 0), "place90": .integer(min: 0), "caller30": .integer(min: 0), "caller90": .integer(min: 0),
                              "address30": .integer(min: 0), "address90": .integer(min: 0)]),
            "riskFlags": .array(reply(["rule": str, "nameZh": str, "nameEn": str, "words": .array(str), "raiseTo": .integer(min: 1, max: 4),
                                       "notify": .boolean])),
            "proposals": .array(reply(["rule": str, "name": str, "agencyID": str, "agencyName": str, "mode": .strings(["propose", "apply"]),
                                       "words": .array(str)])),
        ]),
        "Referral": reply([
            "id": str, "incidentID": str, "incidentNumber": str, "agencyID": str, "agencyName": str, "status": .oneOf(Referral.Status.self),
            "summary": reply(["category": str, "address": str, "location": .ref("Position"), "description": str, "receivedAt": .dateTime,
                              "caller": reply(["name": str, "phone": str], optional: ["name", "phone"])]),
            "note": str, "rule": str, "sent": step, "accepted": step, "started": step, "returned": step, "withdrawn": step, "returnReason": str,
            "feedback": reply(["outcome": str, "summary": str, "by": str, "at": .dateTime]),
            "acceptDue": .dateTime, "feedbackDue": .dateTime, "deadlinesSetBy": str, "path": str, "version": .integer(min: 1),
            "overdue": .array(.strings(["accept", "feedback"])),
        ], optional: ["rule", "accepted", "started", "returned", "withdrawn", "returnReason", "feedback"]),
        "Referrals": reply(["items": .array(.ref("Referral"))]),
        "AlertDispatch": reply(["alert": .ref("Alert"), "incident": .ref("Incident")]),
        "StoredReport": reply([
            "id": str, "kind": .oneOf(Report.Kind.self), "jurisdictionID": str, "jurisdictionName": str, "date": SupervisionController.daySchema,
            "language": .oneOf(Report.Language.self), "generatedAt": .dateTime, "generatedBy": str, "htmlBytes": .integer(min: 1),
            "htmlSHA256": hex, "pdfBytes": .integer(min: 1), "pdfSHA256": hex, "path": str, "version": .integer(min: 1),
            "links": reply(["self": str, "html": str, "pdf": str], optional: ["pdf"]),
        ], optional: ["pdfBytes", "pdfSHA256"]),
        "StoredReports": reply(["items": .array(.ref("StoredReport"))]),
        "Meta": .object(["categories": .array(.ref("Category")), "deadlines": .array(.object([:], open: true))], required: ["categories"], open: true),
    ].merging(eidoValues) { a, _ in a }.merging(stats) { a, _ in a }

    /// Any JSON in an EIDO member, nested up to `eidoDepth` levels (a jCard is the deepest the
    /// standard goes): `EIDOValue` and the levels below it, spelled out rather than recursive.
    static let eidoDepth = 6
    static var eidoValues: [String: Schema] {
        var levels: [String: Schema] = [:]
        for depth in 0...eidoDepth {
            let name = depth == eidoDepth ? "EIDOValue" : "EIDOValue\(depth)"
            var kinds: [Schema] = [.string(.init()), .number(), .boolean]
            if depth > 0 {
                let inner = Schema.ref("EIDOValue\(depth - 1)")
                kinds += [.array(inner), .map(inner, keys: .init(maxLength: 200))]
            }
            levels[name] = .anyOf(kinds)
        }
        return levels
    }

    static let str = Schema.string(.init())
    /// Who did a step and when.
    static let step = reply(["at": .dateTime, "by": str])
    static let audience = reply(["owner": str, "paths": .array(str)], optional: ["owner"])
    static let hex = Schema.string(.init(pattern: "^[0-9a-f]{64}$"))
    static let point = reply(["lat": .number(min: -90, max: 90), "lon": .number(min: -180, max: 180)])

    /// A reply object: every listed member typed, all required but `optional`, more allowed.
    static func reply(_ members: [String: Schema], optional: Set<String> = []) -> Schema {
        .record(members, optional: optional, open: true)
    }
}
