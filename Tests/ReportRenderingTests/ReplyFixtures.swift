import Varlink

/// Replies of io.trainingd.Reports as the daemon sends them, built by hand for the tests.
enum ReplyFixtures {
    static let osh: JSONValue = ["ru": "Ошская область", "ky": "Ош облусу", "en": "Osh oblast"]
    static let naryn: JSONValue = ["ru": "Нарынская область", "ky": .null, "en": .null]

    static func measures(persons: Int64, women: Int64, men: Int64, notRecorded: Int64 = 0, events: Int64 = 1,
                         municipalities: Int64 = 5) -> JSONValue {
        [
            "events": .int(events), "participations": .int(persons), "unique_persons": .int(persons),
            "women": .int(women), "men": .int(men), "not_recorded": .int(notRecorded),
            "women_share": .double(persons == 0 ? 0 : Double(women) / Double(persons)),
            "women_participations": .int(women), "men_participations": .int(men),
            "not_recorded_participations": .int(notRecorded), "municipalities": .int(municipalities),
        ]
    }

    static func parameters(groupBy: [String]) -> JSONValue {
        [
            "tenant": "dpi", "from": "2019-01-01", "to": "2019-12-31",
            "event_statuses": ["draft", "scheduled", "in_progress", "held", "closed", "postponed"],
            "group_by": .array(groupBy.map { .string($0) }), "min_days_present": 1,
            "age_bands": [0, 18, 30, 45, 60], "geography": "participant",
        ]
    }

    /// The Gülchö training alone: 26 participants, 12 women.
    static let gulchoTotal: JSONValue = [
        "parameters": parameters(groupBy: []), "computed_at": "2026-11-27T00:30:00Z", "data_cursor": "dpi:42",
        "groups": [], "total": measures(persons: 26, women: 12, men: 14),
    ]

    /// Two oblasts, Naryn's name known only in Russian.
    static let byOblast: JSONValue = [
        "parameters": parameters(groupBy: ["oblast"]), "computed_at": "2026-11-27T00:30:00Z", "data_cursor": "dpi:42",
        "groups": [
            ["key": [["dimension": "oblast", "value": "41706000000000", "names": osh]],
             "measures": measures(persons: 26, women: 12, men: 14)],
            ["key": [["dimension": "oblast", "value": "41704000000000", "names": naryn]],
             "measures": measures(persons: 10, women: 6, men: 3, notRecorded: 1, municipalities: 2)],
        ],
        "total": measures(persons: 36, women: 18, men: 17, notRecorded: 1, events: 2, municipalities: 7),
    ]

    /// By event, one title with characters HTML must escape.
    static let byEvent: JSONValue = [
        "parameters": parameters(groupBy: ["event"]), "computed_at": "2026-11-27T00:30:00Z", "data_cursor": "dpi:42",
        "groups": [
            ["key": [["dimension": "event", "value": "GULCHO-2019-04", "label": "Planning, \"JAP\""]],
             "measures": measures(persons: 26, women: 12, men: 14)],
            ["key": [["dimension": "event", "value": "<b>&NARYN", "label": "Naryn <script>"]],
             "measures": measures(persons: 10, women: 6, men: 3, notRecorded: 1, municipalities: 2)],
        ],
        "total": measures(persons: 36, women: 18, men: 17, notRecorded: 1, events: 2, municipalities: 7),
    ]

    static func counts(_ values: [Int64]) -> JSONValue {
        ["trained_municipalities": .int(values[0]), "with_plan": .int(values[1]), "community_agreed": .int(values[2]),
         "council_approved": .int(values[3]), "implementing_or_completed": .int(values[4]), "abandoned": .int(values[5])]
    }

    static let funnel: JSONValue = [
        "parameters": [
            "tenant": "dpi", "from": "2019-01-01", "invite_roles": ["target", "neighbour"],
            "event_statuses": ["held", "closed"], "min_days_present": 1, "no_plan_after_days": 90, "as_of": "2019-12-31",
        ],
        "computed_at": "2026-11-27T00:30:00Z", "data_cursor": "dpi:43",
        "oblasts": [[
            "oblast": ["code": "41706000000000", "name": osh], "counts": counts([5, 3, 2, 1, 1, 0]),
            "districts": [
                ["district": ["code": "41706207000000", "name": ["ru": "Алайский район", "ky": "Алай району", "en": "Alai district"]],
                 "counts": counts([4, 3, 2, 1, 1, 0])],
                ["counts": counts([1, 0, 0, 0, 0, 0])],
            ],
        ]],
        "total": counts([5, 3, 2, 1, 1, 0]),
        "without_plan": [[
            "municipality": ["code": "41706259824000", "name": ["ru": "Кашка-Суу", "ky": .null, "en": "Kashka-Suu"],
                             "district": "41706259000000", "oblast": "41706000000000"],
            "role": "neighbour", "events": ["GULCHO-2019-04"], "first_trained_on": "2019-04-16",
            "last_trained_on": "2019-04-16", "days_since_training": 259, "participants": 4,
        ]],
    ]

    static let indicators: JSONValue = [
        "parameters": ["tenant": "dpi", "codes": ["SDC-GOV-1"], "from": "2019-01-01", "to": "2019-12-31", "age_bands": [0, 18, 30, 45, 60]],
        "computed_at": "2026-11-27T00:30:00Z", "data_cursor": "dpi:44",
        "results": [[
            "indicator": [
                "code": "SDC-GOV-1", "title": "Local authorities trained", "unit": "persons", "counting_rule": "cumulative",
                "since": "2019-01-01", "filters": [:], "disaggregations": ["sex"], "archived": false, "version": 2,
                "created_at": "2026-11-27T00:00:00Z", "updated_at": "2026-11-27T00:10:00Z",
            ],
            "window_from": "2019-01-01", "window_to": "2019-12-31", "value": 26,
            "breakdowns": [["dimension": "sex", "groups": [
                ["key": ["dimension": "sex", "value": "female"], "value": 12],
                ["key": ["dimension": "sex", "value": "male"], "value": 14],
            ]]],
        ]],
    ]
}
