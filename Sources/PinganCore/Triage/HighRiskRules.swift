/// The high-risk rules every jurisdiction starts from (高危警情): threats, weapons, domestic
/// violence, self-harm and extreme acts, each in Chinese and English. Our own word lists, written
/// for the phrasing of 110/911 call descriptions: short phrases rather than single characters
/// (刀 alone is also noodles, 打老公 also a phone call), so an ordinary call does not fire.
/// Jurisdictions add, replace or disable rules by ID in their policy.
public enum HighRiskRules {
    /// Threats of harm: raised to P2; supervisors are not told, since threats are common and the
    /// worse cases fire the weapon or extreme-act rule as well.
    public static let threat = HighRiskRule(
        id: "threat", nameZh: "威胁恐吓", nameEn: "Threat",
        patterns: [
            #"威胁|恐吓|扬言|要挟"#,
            #"(弄|砍|捅|打|整|搞)死(你全家|你们|他们|你|我|他|她)|杀了?(你全家|你们|他们|你|我|他|她)"#,
            #"\bthreat(s|en|ens|ened|ening)?\b"#,
            // Not "wants to kill himself": that is the self-harm rule's.
            #"\b(going to|gonna|will|wants? to|threaten(s|ed|ing)? to)\s+(kill|hurt|shoot|stab|burn|beat)\b(?!\s+(myself|himself|herself|themselves))"#,
            #"\b(i|he|she|they)['’]ll\s+(kill|hurt|shoot|stab)\b(?!\s+(myself|himself|herself|themselves))"#,
        ],
        raiseTo: .p2, notify: false)

    /// Knives, guns and other arms, or wounds from them: raised to P1, supervisors told.
    public static let weapon = HighRiskRule(
        id: "weapon", nameZh: "持械/刀枪", nameEn: "Weapon",
        patterns: [
            #"(持|拿|举|抄|掏|挥|亮|握|带)(着|起|出|了)?(一把|把)?(菜|砍|水果|尖|长|西瓜|弹簧)?刀"#,
            #"菜刀|砍刀|尖刀|匕首|管制刀具|弹簧刀|西瓜刀|持械|械斗"#,
            #"(砍|捅|刺)(伤|死)|(砍|捅)人|被(砍|捅)|被刺(伤|死|中|了)|刀伤|挨了?一刀|(砍|捅)了(他|她|我|人)"#,
            #"枪(击|声|支|响|伤)|开枪|中枪|(持|拿|掏|握|举|带)(着|出|了)?(一把|把)?(手|猎|气|土|长|短)?枪|手枪|猎枪|气枪|土枪|仿真枪"#,
            #"\b(knife|knives|machete|dagger|handgun|pistol|rifle|shotgun|firearms?|revolver|crossbow)\b"#,
            #"(?<!water |glue |nail |spray |heat )\bguns?\b"#,
            #"\bstab(s|bed|bing)?\b|\bshots? fired\b|\bgun ?(shots?|fire)\b|\b(was|been|got|get|getting) shot\b|\bshot (at|him|her|me|them|someone|somebody)\b|\barmed with\b"#,
        ],
        raiseTo: .p1, notify: true)

    /// Violence within a family or couple (家暴): raised to P2, supervisors told, since such calls
    /// repeat and worsen.
    public static let domesticViolence = HighRiskRule(
        id: "domestic-violence", nameZh: "家庭暴力", nameEn: "Domestic violence",
        patterns: [
            #"家暴|家庭暴力"#,
            #"(殴打|打|揍|掐|踢)(我)?(老婆|妻子|媳妇|老公|丈夫)(?!的?(电话|手机))"#,
            #"(老公|丈夫|老婆|妻子|媳妇|男朋友|男友|女朋友|女友|前夫|前妻|爸爸|父亲|继父)(又|一直|经常|天天|喝醉了?|喝多了?)?(殴打|虐待|打|揍|掐|踢)(我|她|他|孩子|人)"#,
            #"被(老公|丈夫|老婆|妻子|媳妇|男朋友|男友|前夫|爸爸|父亲|继父)(殴打|虐待|家暴|打|揍|掐|踢)"#,
            #"\bdomestic (violence|abuse|assault|disturbance)\b"#,
            #"\b(husband|wife|boyfriend|girlfriend|partner|ex|father|dad|stepfather)\b.{0,20}?\b(hit|hits|hitting|beat|beats|beating|punch(es|ed|ing)?|chok(es|ed|ing)|strangl(es|ed|ing)|kick(s|ed|ing)?|slap(s|ped|ping)?|abus(es|ed|ing))\s+(me|her|him|us|the kids|my)\b"#,
            #"\b(hit|beaten|beat|punched|choked|strangled|kicked|slapped|abused|attacked) by (my|her|his) (husband|wife|boyfriend|girlfriend|partner|ex|father|dad|stepfather)\b"#,
        ],
        raiseTo: .p2, notify: true)

    /// Someone about to harm or kill themselves: raised to P1, supervisors told.
    public static let selfHarm = HighRiskRule(
        id: "self-harm", nameZh: "自伤自杀", nameEn: "Self-harm",
        patterns: [
            #"自杀|轻生|寻死|自残|自尽|割腕|上吊|服毒|跳楼(?!价)|跳河|跳江|跳湖|跳桥|跳海|烧炭|不想活|活不下去"#,
            #"(喝|吃|服)了?(农药|百草枯|老鼠药|安眠药)"#,
            #"\bsuicid(e|al)\b|\bkill(ing)? (myself|himself|herself|themselves)\b|\bend (my|his|her|their) (own )?life\b|\bwants? to die\b"#,
            #"\bself[- ]?harm(ing)?\b|\b(cut|cutting|slit|slitting) (my|his|her|their) wrists?\b|\bhang(ing)? (myself|himself|herself|themselves)\b|\boverdos(e|ed|ing)\b"#,
            #"\bjump(s|ed|ing)? (off|from) (the|a) (bridge|roof|building|balcony|window)\b"#,
        ],
        raiseTo: .p1, notify: true)

    /// Arson, explosives, hostages, hijacking and attacks on the public: raised to P1,
    /// supervisors told.
    public static let extremeAct = HighRiskRule(
        id: "extreme-act", nameZh: "极端行为", nameEn: "Extreme act",
        patterns: [
            #"纵火|放火|爆炸|炸弹|炸药|雷管|劫持|挟持|人质|绑架|报复社会|同归于尽|自焚|冲撞人群|开车撞人"#,
            #"(泼|浇)了?汽油|汽油.{0,6}(点火|点燃|烧)"#,
            #"\bbombs?\b|\bexplosi(ve|ves|on)\b|\bdetonat\w*|\bhostages?\b|\barson\b|\bhijack\w*|\bkidnap\w*"#,
            #"\bset (a )?fire to\b|\bset (it|the \w+|my \w+|his \w+|her \w+) on fire\b|\bblow (it|this|that|the \w+|us|everyone) up\b"#,
            #"\b(petrol|gasoline)\b.{0,20}\b(light|burn|pour)\w*"#,
        ],
        raiseTo: .p1, notify: true)

    /// The standard set, in the order flags are shown.
    public static let standard: [HighRiskRule] = [weapon, extremeAct, selfHarm, domesticViolence, threat]
}
