// Flags set in the environment: names, JSON values, AI_MODEL, environment-only flags.
#include "flags/environmentflagoverrides.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {
QProcessEnvironment
environment(std::initializer_list<std::pair<const char *, const char *>> variables)
{
    QProcessEnvironment built; // never the process's own environment
    built.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin")); // not a flag: ignored
    for (const auto &[name, value] : variables)
        built.insert(QString::fromUtf8(name), QString::fromUtf8(value));
    return built;
}

EnvironmentFlagOverrides readOk(const QProcessEnvironment &env)
{
    const auto read = EnvironmentFlagOverrides::read(env);
    if (!read) {
        qWarning("expected the environment to be read, seen: %s", qPrintable(read.error().message));
        return EnvironmentFlagOverrides::read(QProcessEnvironment()).value();
    }
    return *read;
}

QString show(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
}
} // namespace

class TestEnvironmentFlagOverrides : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void variableNames_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("variable");
        QTest::newRow("hold seconds") << "booking.hold_seconds"
                                      << "BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS";
        QTest::newRow("ai:model") << "ai:model"
                                  << "BOXOFFICE_FLAG_AI_MODEL";
        QTest::newRow("show pause") << "sales.paused.show.12"
                                    << "BOXOFFICE_FLAG_SALES_PAUSED_SHOW_12";
        QTest::newRow("dash and digits") << "checkout-v2.0"
                                         << "BOXOFFICE_FLAG_CHECKOUT_V2_0";
    }
    void variableNames()
    {
        QFETCH(QString, key);
        QFETCH(QString, variable);
        QCOMPARE(EnvironmentFlagOverrides::variableNameFor(key), variable);
    }

    void emptyEnvironmentOverridesNothing()
    {
        const auto overrides = readOk(environment({}));
        QVERIFY(overrides.isEmpty());
        QVERIFY(overrides.variables().isEmpty());
        QVERIFY(!overrides.apply(QStringLiteral("ai:model"), QJsonValue(true)));
        QVERIFY(overrides.unmatched({}).isEmpty());
    }

    void jsonValuesOverrideTheirKeys()
    {
        const auto overrides = readOk(environment({
            {"BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS", "30"},
            {"BOXOFFICE_FLAG_SALES_PAUSED", "true"},
            {"BOXOFFICE_FLAG_CHECKOUT_V2", R"({"percent":12.5,"value":true})"},
            {"BOXOFFICE_FLAG_BANNER", R"( "Closed on Monday" )"},
        }));
        QVERIFY(!overrides.isEmpty());
        QCOMPARE(overrides.variables(),
                 QStringList({"BOXOFFICE_FLAG_BANNER", "BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS",
                              "BOXOFFICE_FLAG_CHECKOUT_V2", "BOXOFFICE_FLAG_SALES_PAUSED"}));
        const auto hold = overrides.apply(QStringLiteral("booking.hold_seconds"), QJsonValue(600));
        QVERIFY2(hold, "booking.hold_seconds not overridden");
        QCOMPARE(hold->key, QStringLiteral("booking.hold_seconds"));
        QCOMPARE(hold->value, QJsonValue(30));
        QCOMPARE(hold->variable, QStringLiteral("BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS"));
        // A built-in overridden while not stored at all.
        const auto paused = overrides.apply(QStringLiteral("sales.paused"), std::nullopt);
        QVERIFY2(paused && paused->value == QJsonValue(true), "sales.paused not overridden");
        // Matched through a stored key's NAME: checkout-v2 and checkout_v2 are both CHECKOUT_V2.
        const auto checkout = overrides.apply(QStringLiteral("checkout-v2"), QJsonValue(false));
        QVERIFY2(checkout, "checkout-v2 not overridden");
        QCOMPARE(show(checkout->value), QStringLiteral(R"([{"percent":12.5,"value":true}])"));
        QCOMPARE(overrides.apply(QStringLiteral("banner"), std::nullopt)->value,
                 QJsonValue(QStringLiteral("Closed on Monday")));
        QVERIFY(!overrides.apply(QStringLiteral("booking.max_seats"), QJsonValue(5)));
    }

    void badValuesAreRefusedNamingTheVariable_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("code");
        QTest::newRow("not json") << "BOXOFFICE_FLAG_CHECKOUT_V2"
                                  << "yes" << int(ErrorCode::InvalidJson);
        QTest::newRow("empty") << "BOXOFFICE_FLAG_CHECKOUT_V2"
                               << "" << int(ErrorCode::InvalidJson);
        QTest::newRow("lax json") << "BOXOFFICE_FLAG_CHECKOUT_V2"
                                  << ".5e1" << int(ErrorCode::InvalidJson);
        QTest::newRow("null") << "BOXOFFICE_FLAG_CHECKOUT_V2"
                              << "null" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("array") << "BOXOFFICE_FLAG_CHECKOUT_V2"
                               << "[true]" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("percent decimals")
            << "BOXOFFICE_FLAG_CHECKOUT_V2"
            << R"({"percent":12.34})" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("hold out of range") << "BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS"
                                           << "5" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("seats not whole") << "BOXOFFICE_FLAG_BOOKING_MAX_SEATS"
                                         << "2.5" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("pause as a string") << "BOXOFFICE_FLAG_SALES_PAUSED"
                                           << R"("true")" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("show pause as a number") << "BOXOFFICE_FLAG_SALES_PAUSED_SHOW_3"
                                                << "1" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("mistyped pause") << "BOXOFFICE_FLAG_SALES_PAUSE"
                                        << "true" << int(ErrorCode::InvalidFlagKey);
        QTest::newRow("unknown booking name") << "BOXOFFICE_FLAG_BOOKING_HOLD"
                                              << "60" << int(ErrorCode::InvalidFlagKey);
        QTest::newRow("show id with leading zero") << "BOXOFFICE_FLAG_SALES_PAUSED_SHOW_07"
                                                   << "true" << int(ErrorCode::InvalidFlagKey);
        QTest::newRow("no name") << "BOXOFFICE_FLAG_"
                                 << "true" << int(ErrorCode::InvalidFlagKey);
        QTest::newRow("lower case name") << "BOXOFFICE_FLAG_checkout"
                                         << "true" << int(ErrorCode::InvalidFlagKey);
        QTest::newRow("name too long")
            << "BOXOFFICE_FLAG_" + QString(101, u'X') << "true" << int(ErrorCode::InvalidFlagKey);
        QTest::newRow("empty AI_MODEL") << "AI_MODEL"
                                        << "" << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("AI_MODEL too long")
            << "AI_MODEL" << QString(201, u'm') << int(ErrorCode::InvalidFlagValue);
        QTest::newRow("AI_MODEL two lines") << "AI_MODEL"
                                            << "a\nb" << int(ErrorCode::InvalidFlagValue);
    }
    void badValuesAreRefusedNamingTheVariable()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(int, code);
        QProcessEnvironment env = environment({{"BOXOFFICE_FLAG_FINE", "true"}});
        env.insert(variable, value);
        const auto read = EnvironmentFlagOverrides::read(env);
        QVERIFY2(
            !read,
            qPrintable(
                QStringLiteral("%1=%2: expected refused, seen accepted").arg(variable, value)));
        QVERIFY2(read.error().message.startsWith(variable + QLatin1Char(':')),
                 qPrintable(QStringLiteral("expected the message to name %1, seen '%2'")
                                .arg(variable, read.error().message)));
        QCOMPARE(read.error().details.value("variable").toString(), variable);
        QCOMPARE(errorCodeName(read.error().code), errorCodeName(ErrorCode(code)));
        if (ErrorCode(code) == ErrorCode::InvalidJson)
            QVERIFY2(read.error().message.contains(QLatin1String("The value is not valid JSON")),
                     qPrintable(read.error().message));
    }

    void aiModelReplacesTheStoredRollout()
    {
        const auto overrides = readOk(environment({{"AI_MODEL", "claude-4-mini"}}));
        QCOMPARE(overrides.variables(), QStringList({"AI_MODEL"}));
        const QJsonObject stored{{"model", "claude-haiku-4.5"},
                                 {"percent", 1},
                                 {"model_fallback", "claude-4-mini"},
                                 {"fallback", "x"},
                                 {"temperature", 0.2}};
        const auto merged = overrides.apply(QStringLiteral("ai:model"), QJsonValue(stored));
        QVERIFY2(merged, "ai:model not overridden by AI_MODEL");
        QCOMPARE(merged->variable, QStringLiteral("AI_MODEL"));
        QCOMPARE(merged->key, QStringLiteral("ai:model"));
        QCOMPARE(show(merged->value),
                 QStringLiteral(R"([{"model":"claude-4-mini","temperature":0.2}])"));
        // Nothing stored, or a stored value that is no object: the model alone.
        QCOMPARE(show(overrides.apply(QStringLiteral("ai:model"), std::nullopt)->value),
                 QStringLiteral(R"([{"model":"claude-4-mini"}])"));
        QCOMPARE(show(overrides.apply(QStringLiteral("ai:model"), QJsonValue("old"))->value),
                 QStringLiteral(R"([{"model":"claude-4-mini"}])"));
        // AI_MODEL is about ai:model only.
        QVERIFY(!overrides.apply(QStringLiteral("ai.model"), QJsonValue(stored)));
        // Plain text, not JSON: quotes and braces are part of the name.
        const auto literal = readOk(environment({{"AI_MODEL", R"("quoted")"}}));
        QCOMPARE(show(literal.apply(QStringLiteral("ai:model"), std::nullopt)->value),
                 QStringLiteral("[{\"model\":\"\\\"quoted\\\"\"}]"));
    }

    void boxofficeFlagAiModelWinsOverAiModel()
    {
        const auto overrides = readOk(environment({
            {"AI_MODEL", "claude-4-mini"},
            {"BOXOFFICE_FLAG_AI_MODEL", R"({"model":"claude-opus","percent":10})"},
        }));
        const auto applied = overrides.apply(QStringLiteral("ai:model"),
                                             QJsonValue(QJsonObject{{"model", "stored"}}));
        QVERIFY2(applied, "ai:model not overridden");
        QCOMPARE(applied->variable, QStringLiteral("BOXOFFICE_FLAG_AI_MODEL"));
        QCOMPARE(show(applied->value), QStringLiteral(R"([{"model":"claude-opus","percent":10}])"));
        // With nothing stored the variable still stands for ai:model, not ai_model.
        const auto unmatched = overrides.unmatched({});
        QCOMPARE(unmatched.size(), 1);
        QCOMPARE(unmatched.at(0).key, QStringLiteral("ai:model"));
        QCOMPARE(unmatched.at(0).variable, QStringLiteral("BOXOFFICE_FLAG_AI_MODEL"));
    }

    void unmatchedVariablesAreEnvironmentOnlyFlags()
    {
        const auto overrides = readOk(environment({
            {"BOXOFFICE_FLAG_CHECKOUT_V2", "true"},
            {"BOXOFFICE_FLAG_UI_BANNER", R"("hello")"},
            {"BOXOFFICE_FLAG_SALES_PAUSED", "false"},
            {"BOXOFFICE_FLAG_SALES_PAUSED_SHOW_77", "true"},
            {"AI_MODEL", "claude-4-mini"},
        }));
        // ui.banner is stored, so its variable is matched; the others are environment-only.
        const QList<EnvironmentFlagOverrides::Override> unmatched =
            overrides.unmatched({QStringLiteral("ui.banner"), QStringLiteral("other")});
        QStringList seen;
        for (const auto &override : unmatched)
            seen << QStringLiteral("%1=%2 (%3)")
                        .arg(override.key, show(override.value), override.variable);
        QCOMPARE(seen, QStringList({
                           R"(ai:model=[{"model":"claude-4-mini"}] (AI_MODEL))",
                           "checkout_v2=[true] (BOXOFFICE_FLAG_CHECKOUT_V2)",
                           "sales.paused=[false] (BOXOFFICE_FLAG_SALES_PAUSED)",
                           "sales.paused.show.77=[true] (BOXOFFICE_FLAG_SALES_PAUSED_SHOW_77)",
                       }));
        QCOMPARE(overrides.apply(QStringLiteral("ui.banner"), QJsonValue("stored"))->value,
                 QJsonValue("hello"));
        // Stored built-ins and ai:model are matched, not environment-only.
        const auto stored = overrides.unmatched(
            {QStringLiteral("sales.paused"), QStringLiteral("sales.paused.show.77"),
             QStringLiteral("ai:model"), QStringLiteral("checkout-v2")});
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.at(0).key, QStringLiteral("ui_banner"));
    }

    void perShowPauseMapsToTheShowsKey()
    {
        const auto overrides =
            readOk(environment({{"BOXOFFICE_FLAG_SALES_PAUSED_SHOW_12", "true"}}));
        const auto applied = overrides.apply(QStringLiteral("sales.paused.show.12"), std::nullopt);
        QVERIFY2(applied && applied->value == QJsonValue(true), "show 12 not paused");
        QVERIFY(!overrides.apply(QStringLiteral("sales.paused.show.1"), std::nullopt));
        QVERIFY(!overrides.apply(QStringLiteral("sales.paused.show.120"), std::nullopt));
        QVERIFY(!overrides.apply(QStringLiteral("sales.paused"), std::nullopt));
    }

    void variablesNeverShowValues()
    {
        const auto overrides = readOk(
            environment({{"BOXOFFICE_FLAG_SECRET_FEATURE", R"("s3cr3t")"}, {"AI_MODEL", "m0del"}}));
        const QString joined = overrides.variables().join(QLatin1Char(' '));
        QCOMPARE(joined, QStringLiteral("AI_MODEL BOXOFFICE_FLAG_SECRET_FEATURE"));
    }
};

QTEST_APPLESS_MAIN(TestEnvironmentFlagOverrides)
#include "tst_environmentflagoverrides.moc"
