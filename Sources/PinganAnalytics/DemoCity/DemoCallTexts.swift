import Foundation
import PinganCore

/// What the demo city's simulated callers say (`DemoCallScript`): a short description in
/// Chinese for each kind of call, made of a matter and a detail, so that calls of one category
/// do not all read alike (duplicate detection compares the words) while a second caller about
/// the same trouble names the same matter. Our own phrases, written the way 110 call-takers log
/// calls; every one starts with "（模拟）", like everything else the demo invents.
///
/// Three kinds, kept apart on purpose and checked by the tests against the rules that read them:
/// - police matters by category, which neither trip a high-risk rule nor a demo routing rule;
/// - non-police matters (`NonPolice`), each of which the demo's routing rules send to an agency;
/// - high-risk calls (`highRisk`), each of which trips one of the standard high-risk rules and
///   none of the routing rules (a call with a knife in it stays with the police).
public enum DemoCallTexts {
    public static let label = "（模拟）"

    /// The non-police matters the demo's agencies take (`DemoTriagePlan`), with the category a
    /// call-taker files them under.
    public enum NonPolice: String, Sendable, CaseIterable {
        /// Questions about papers and public services: the 12345 hotline answers them.
        case inquiry
        /// Noise from building work, shops and neighbours: the 12345 hotline passes it on.
        case noise
        /// Quarrels between neighbours or with the property manager: the governance centre mediates.
        case neighbours
        /// Street stalls, rubbish, blocked pavements: proposed to the community grid.
        case street

        public var category: String {
            switch self {
            case .inquiry: "inquiry"
            case .noise, .street: "complaint"
            case .neighbours: "dispute"
            }
        }

        /// How often each comes among the non-police calls.
        public var share: Double {
            switch self {
            case .inquiry: 0.45
            case .noise: 0.25
            case .neighbours: 0.12
            case .street: 0.18
            }
        }
    }

    /// A police matter of `category`: a matter and, often, a detail. (An `inquiry` is no police
    /// matter: the generator's stream has none, and one would read as `other`.)
    public static func police(_ category: String, _ rng: inout SeededRandom) -> String {
        let matters = policeMatters[category] ?? policeMatters["other"]!
        return label + pick(matters, &rng) + pick(policeDetails, &rng)
    }

    /// A non-police matter of `kind`.
    public static func nonPolice(_ kind: NonPolice, _ rng: inout SeededRandom) -> String {
        let (matters, details) = nonPoliceMatters[kind]!
        return label + pick(matters, &rng) + pick(details, &rng)
    }

    /// A call that trips a high-risk rule: its category, the priority the call-taker gives it
    /// (the rule raises it further) and its words.
    public static func highRisk(_ rng: inout SeededRandom) -> (category: String, priority: Priority, description: String) {
        let c = highRiskCalls[rng.index(highRiskCalls.count)]
        return (c.category, c.priority, label + c.text)
    }

    /// What a second caller about the same trouble says: the first caller's matter, introduced
    /// as another person's report.
    public static func repeated(_ description: String, _ rng: inout SeededRandom) -> String {
        let said = description.hasPrefix(label) ? String(description.dropFirst(label.count)) : description
        return label + pick(secondCallers, &rng) + said
    }

    static func pick(_ options: [String], _ rng: inout SeededRandom) -> String { options[rng.index(options.count)] }

    static let policeDetails = ["", "", "，请民警到场处理", "，报警人在现场等候", "，情况紧急"]

    static let policeMatters: [String: [String]] = [
        "criminal": ["停放在楼下的电动车被盗", "店铺卷帘门被撬，店内财物被盗", "报警人称手机在公交车上被偷", "报警人接到冒充客服的电话被骗转账",
                     "车窗被砸，车内背包被盗"],
        "publicOrder": ["酒吧门口几名男子酒后闹事", "街边有人聚集斗殴", "有人在商场内寻衅滋事", "夜间有人在路边打砸公共设施"],
        "traffic": ["两车追尾，无人受伤，车道堵塞", "路口电动车与轿车发生刮擦", "一辆货车抛锚停在主路上", "路口信号灯故障，交通拥堵",
                    "轿车撞上路边护栏，驾驶员受轻伤", "出租车与公交车发生碰擦"],
        "fire": ["居民楼厨房起火，冒出浓烟", "电动车在楼道充电时起火", "商铺内有烟雾，疑似电线短路", "路边变电箱冒烟起火"],
        "disaster": ["工地脚手架倒塌，有人受伤", "路面塌陷出现大坑", "大树被风刮倒压住车辆", "地下车库进水，有车辆被淹"],
        "dispute": ["顾客与商家因退款发生争执", "出租车司机与乘客因车费发生争执", "两名司机因让行问题发生口角"],
        "assistance": ["老人在路边摔倒无法站起", "有人突发疾病晕倒在地", "小孩与家长走失，家长求助", "有人被困电梯", "醉酒男子躺在路边",
                       "老人外出走失，家属求助"],
        "complaint": ["举报有人在出租屋内聚众赌博", "举报有人在路边兜售假冒香烟"],
        "suspicious": ["有可疑人员在小区内徘徊，试拉车门", "地铁站有一无人认领的行李箱", "有陌生人尾随女子进入小区"],
        "other": ["报警人称捡到一个钱包，要求交给民警", "有狗在马路上乱跑，影响通行"],
    ]

    static let nonPoliceMatters: [NonPolice: (matters: [String], details: [String])] = [
        .inquiry: (["咨询户籍迁移办理需要哪些材料", "咨询居住证办理流程", "询问身份证丢失后如何补办", "咨询出入境证件办理时间",
                    "反映路灯不亮，询问该找哪个部门", "反映小区停水，询问何时恢复", "咨询养老保险缴费事宜", "询问驾驶证到期换证地点"],
                   ["", "", "，非警务求助", "，请相关部门答复"]),
        .noise: (["楼上装修噪音扰民", "隔壁工地夜间施工噪音大", "广场舞音响声音太大扰民", "楼下饭店排风机噪声扰民", "酒吧音乐声太大扰民"],
                 ["", "，持续一个多小时", "，已影响休息", "，多次反映未解决"]),
        .neighbours: (["邻里之间因楼上漏水发生纠纷", "业主与物业因停车费发生争执", "邻居之间因公共楼道堆物产生矛盾", "两户邻居因空调外机位置发生纠纷"],
                      ["", "，双方情绪平稳", "，需要调解"]),
        .street: (["路边有人占道摆摊，影响通行", "小区门口垃圾堆放多日无人清理", "商铺占道经营，堵住人行道", "路口有流动摊贩摆摊",
                   "路边垃圾桶满溢，垃圾散落一地"],
                  ["", "，请相关部门处理", "，已持续多日"]),
    ]

    static let highRiskCalls: [(category: String, priority: Priority, text: String)] = [
        ("publicOrder", .p2, "两名男子在街边打架，其中一人持刀"),
        ("dispute", .p3, "女子来电称被丈夫殴打，要求民警到场"),
        ("dispute", .p3, "报警人称丈夫酒后家暴，孩子在哭"),
        ("publicOrder", .p2, "有人在店门口挥舞菜刀，扬言报复"),
        ("assistance", .p2, "一名男子站在桥栏杆外，称不想活了"),
        ("criminal", .p2, "报警人称有人拿着匕首在路口抢包"),
    ]

    static let secondCallers = ["另一报警人称：", "附近群众也报警：", "路过市民报称：", "又一名群众来电："]
}
