/// Fixed vocabularies the scenario draws names from.
///
/// Names include accents, an apostrophe and (through nicknames) double quotes on purpose: the
/// JSON written by hand must escape them correctly.
enum NameLists {
    struct Name {
        let display: String
        let ascii: String
        init(_ display: String, _ ascii: String? = nil) {
            self.display = display
            self.ascii = (ascii ?? display).lowercased()
        }
    }

    struct AppTemplate {
        let name: String
        let token: SimAppToken
        let scopes: [String]
        let distributed: Bool
        let approved: Bool
        let incident: Bool
    }

    static let companies = ["Northwind Traders", "Contoso", "Fabrikam", "Tailspin Toys", "Wingtip Systems", "Proseware", "Litware"]
    static let departments = ["Engineering", "Sales", "Support", "Marketing", "Finance", "Operations", "Legal", "People"]
    static let nicknames = ["AJ", "Bear", "Doc", "Kiki", "Sunny"]

    static let firstNames: [Name] = [
        Name("Ana"), Name("Ben"), Name("Chloé", "chloe"), Name("Dmitri"), Name("Élodie", "elodie"), Name("Fatima"),
        Name("Gustavo"), Name("Hana"), Name("Ines"), Name("José", "jose"), Name("Kenji"), Name("Lena"),
        Name("Małgorzata", "malgorzata"), Name("Noah"), Name("Olivia"), Name("Priya"), Name("Quentin"), Name("Renée", "renee"),
        Name("Søren", "soren"), Name("Tomás", "tomas"), Name("Uma"), Name("Viktor"), Name("Wei"), Name("Ximena"),
        Name("Yuki"), Name("Zoë", "zoe"), Name("Aarav"), Name("Bongani"), Name("Camille"), Name("Diego"),
        Name("Emeka"), Name("Freya"), Name("Grace"), Name("Hiroshi"), Name("Isabela"), Name("Jae-won", "jaewon"),
        Name("Liam"), Name("Mia"), Name("Nikhil"), Name("Sofía", "sofia"),
    ]

    static let lastNames: [Name] = [
        Name("Ruiz"), Name("Okafor"), Name("Müller", "mueller"), Name("O'Brien", "obrien"), Name("García", "garcia"),
        Name("Núñez", "nunez"), Name("Dubois"), Name("Tanaka"), Name("Kowalski"), Name("Shah"), Name("Nguyen"),
        Name("Silva"), Name("Andersson"), Name("Rossi"), Name("Kim"), Name("Patel"), Name("Smith"), Name("Johnson"),
        Name("Brown"), Name("Wójcik", "wojcik"), Name("Van der Berg", "vanderberg"), Name("Dlamini"), Name("Chen"),
        Name("Hernández", "hernandez"), Name("Ivanova"), Name("Lefèvre", "lefevre"), Name("Sato"), Name("Costa"),
        Name("Fischer"), Name("MacLeod", "macleod"), Name("Haddad"), Name("Kaur"),
    ]

    /// Background apps, then the one reserved for the `new_app_acting_for_users` incident (last).
    static let apps: [AppTemplate] = [
        AppTemplate(
            name: "Google Drive", token: .user, scopes: ["files:read", "files:write", "links:read"], distributed: true, approved: true,
            incident: false),
        AppTemplate(
            name: "Jira Cloud", token: .user, scopes: ["channels:read", "chat:write", "users:read"], distributed: true, approved: true,
            incident: false),
        AppTemplate(
            name: "Zoom", token: .user, scopes: ["calls:write", "users:read", "channels:read"], distributed: true, approved: true,
            incident: false),
        AppTemplate(
            name: "Standup Bot", token: .bot, scopes: ["channels:manage", "chat:write", "groups:write"], distributed: false,
            approved: false, incident: false),
        AppTemplate(
            name: "PagerDuty", token: .bot, scopes: ["channels:manage", "chat:write", "files:write"], distributed: true, approved: true,
            incident: false),
        AppTemplate(
            name: "GitHub", token: .bot, scopes: ["chat:write", "files:write", "links:write"], distributed: true, approved: true,
            incident: false),
        AppTemplate(
            name: "QuickExporter", token: .user, scopes: ["channels:history", "groups:history", "files:read", "users:read.email"],
            distributed: true, approved: false, incident: true),
    ]

    static let channelWords = [
        "proj", "team", "help", "ops", "launch", "design", "infra", "deals", "random", "social",
        "incident", "release", "data", "mobile", "web", "partners", "hiring", "events", "security", "billing",
    ]
    static let channelTopics = [
        "falcon", "atlas", "orion", "apollo", "zephyr", "nimbus", "delta", "phoenix", "emea", "apac",
        "q3", "q4", "roadmap", "onboarding", "customers", "platform", "growth", "alerts", "reviews", "standup",
    ]
    static let fileWords = [
        "pricing", "roadmap", "budget", "contract", "design", "report", "invoice", "notes", "forecast", "deck",
        "architecture", "offer-letter", "payroll", "customer-list", "board-minutes", "specs", "screenshot", "export", "plan", "audit",
    ]
    static let fileTypes: [(ext: String, type: String)] = [
        ("pdf", "pdf"), ("xlsx", "xlsx"), ("docx", "docx"), ("png", "png"),
        ("pptx", "pptx"), ("csv", "csv"), ("zip", "zip"), ("txt", "text"),
    ]
}
