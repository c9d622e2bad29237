// The authorization table of issue 13, walked from the Router's own table: every
// route GET /admin/routes lists × every kind of credential gets the status its
// access class promises, so a new endpoint is covered the day it is added.
// "Allowed" means the router let the request through (any answer but 401/403,
// and not the router's own 404/405); refused means exactly 401 or 403 as a JSON
// error. Runs with public booking off, token and open.
#include "accessmatrix.h"
#include "apitestbench.h"
#include "staffcredentials.h"
#include "testdatabase.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QMap>
#include <QtTest>

#include <algorithm>

using namespace AccessMatrix;

class TestAuthorizationMatrix : public QObject
{
    Q_OBJECT

private:
    static QList<RouteRow> routesOf(ApiTestBench &bench, QString *publicBooking)
    {
        const auto reply = bench.http().get(QStringLiteral("/admin/routes"), true);
        if (reply.status != 200)
            qWarning() << "GET /admin/routes:" << reply.describe();
        *publicBooking = reply.object().value(QStringLiteral("public_booking")).toString();
        QList<RouteRow> rows;
        for (const QJsonValue &value : reply.object().value(QStringLiteral("routes")).toArray()) {
            const QJsonObject route = value.toObject();
            rows.append({route.value(QStringLiteral("method")).toString(),
                         route.value(QStringLiteral("path")).toString(),
                         route.value(QStringLiteral("access")).toString(),
                         route.value(QStringLiteral("rate_limit")).toString()});
        }
        return rows;
    }

    static QString startIn(ApiTestBench &bench, const QString &mode)
    {
        bench.server().setEnvironment(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"), mode);
        // The matrix sends far more bad tokens than the default per-address budget
        // allows; a 429 would hide the 401 the row is about.
        bench.server().setEnvironment(QStringLiteral("BOXOFFICE_RATE_LIMITS"),
                                      QStringLiteral("off"));
        return bench.start({QStringLiteral("--hold-seconds"), QStringLiteral("3600")})
                   ? QString()
                   : bench.errorString();
    }

    // Makes every credential and target; empty on success, else what failed.
    static QString prepare(ApiTestBench &bench, const QString &mode, QList<Credential> *credentials,
                           Targets *targets);
    static void runMatrix(ApiTestBench &bench, const QString &mode);
    // Makes again every staff credential that no longer works; false if one cannot be.
    static bool refresh(ApiTestBench &bench, QList<Credential> *credentials);

    ApiTestBench m_off;
    ApiTestBench m_token;
    ApiTestBench m_open;

private Q_SLOTS:
    void initTestCase()
    {
        const QString off = startIn(m_off, QStringLiteral("off"));
        QVERIFY2(off.isEmpty(), qPrintable(off));
        const QString token = startIn(m_token, QStringLiteral("token"));
        QVERIFY2(token.isEmpty(), qPrintable(token));
        const QString open = startIn(m_open, QStringLiteral("open"));
        QVERIFY2(open.isEmpty(), qPrintable(open));
    }

    void cleanupTestCase()
    {
        for (ApiTestBench *bench : {&m_off, &m_token, &m_open}) {
            const QString problem = bench->finish();
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    // An empty or shrunken table must not pass the matrix: the contract's
    // endpoints are there with the access it gives them.
    void routeTableHoldsTheContract()
    {
        QString mode;
        const QList<RouteRow> routes = routesOf(m_off, &mode);
        QCOMPARE(mode, QStringLiteral("off"));
        const QList<RouteRow> contract = {
            {"POST", "/auth/login", "public", "login"},
            {"POST", "/auth/logout", "authenticated", {}},
            {"GET", "/auth/me", "authenticated", {}},
            {"GET", "/admin/users", "admin", {}},
            {"POST", "/admin/users", "admin", {}},
            {"PATCH", "/admin/users/:id", "admin", {}},
            {"POST", "/admin/users/:id/password", "admin", {}},
            {"POST", "/admin/users/:id/unlock", "admin", {}},
            {"GET", "/admin/tokens", "admin", {}},
            {"POST", "/admin/tokens", "admin", {}},
            {"DELETE", "/admin/tokens/:id", "admin", {}},
            {"GET", "/admin/audit", "admin", {}},
            {"GET", "/admin/routes", "admin", {}},
            {"POST", "/admin/shows", "admin", {}},
            {"PATCH", "/admin/shows/:id", "admin", {}},
            {"DELETE", "/admin/shows/:id", "admin", {}},
            {"GET", "/admin/shows/:id/bookings", "admin", {}},
            {"GET", "/admin/flags", "admin", {}},
            {"PUT", "/admin/flags/:key", "admin", {}},
            {"DELETE", "/admin/flags/:key", "admin", {}},
            {"POST", "/shows/:id/book", "booking", "booking"},
            {"GET", "/bookings/:id", "booking_record", {}},
            {"GET", "/bookings/by-reference/:reference", "booking_record", {}},
            {"POST", "/bookings/:id/confirm", "booking_record", "settle"},
            {"POST", "/bookings/:id/cancel", "booking_record", "settle"},
            {"GET", "/health", "public", {}},
            {"GET", "/config", "public", {}},
            {"GET", "/shows", "public", {}},
            {"GET", "/shows/:id", "public", {}},
            {"GET", "/flags/evaluate", "public", {}},
            {"GET", "/events", "subscriber", {}},
            {"GET", "/ws", "subscriber", {}},
            {"POST", "/admin/plans", "admin", {}},
            {"GET", "/admin/plans", "admin", {}},
            {"GET", "/plans/:id", "public", {}},
            {"GET", "/shows/:id/seats", "public", {}},
            {"PATCH", "/admin/shows/:id/seats", "admin", {}},
        };
        QStringList problems;
        for (const RouteRow &wanted : contract) {
            const auto found = std::find_if(routes.cbegin(), routes.cend(), [&](const RouteRow &r) {
                return r.method == wanted.method && r.path == wanted.path;
            });
            if (found == routes.cend())
                problems << QStringLiteral("%1 %2 is missing").arg(wanted.method, wanted.path);
            else if (found->access != wanted.access ||
                     (!wanted.rateLimit.isEmpty() && found->rateLimit != wanted.rateLimit))
                problems << QStringLiteral("%1 %2: expected access %3 rate %4, seen %5 %6")
                                .arg(wanted.method, wanted.path, wanted.access,
                                     wanted.rateLimit.isEmpty() ? QStringLiteral("any")
                                                                : wanted.rateLimit,
                                     found->access, found->rateLimit);
        }
        // The issue names the only public endpoints; everything under /admin is admin.
        const QStringList publicOnes = {
            "GET /health",         "GET /config",         "GET /shows",       "GET /shows/:id",
            "GET /flags/evaluate", "POST /auth/login",    "GET /health/live", "GET /health/ready",
            "GET /plans/:id",      "GET /shows/:id/seats"};
        for (const RouteRow &route : routes) {
            const QString name = route.method + QLatin1Char(' ') + route.path;
            if (route.access == QLatin1String("public") && !publicOnes.contains(name))
                problems << name + QStringLiteral(" is public, the issue does not make it so");
            if (route.path.startsWith(QLatin1String("/admin/")) &&
                route.access != QLatin1String("admin"))
                problems << name + QStringLiteral(": access ") + route.access +
                                QStringLiteral(", expected admin");
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void everyRouteAnswersEveryCredentialWithPublicBookingOff()
    {
        runMatrix(m_off, QStringLiteral("off"));
    }

    void everyRouteAnswersEveryCredentialWithPublicBookingToken()
    {
        runMatrix(m_token, QStringLiteral("token"));
    }

    // The reference backend's mode, which its unchanged clients run in: bad
    // tokens are still refused, and staff routes still need staff.
    void everyRouteAnswersEveryCredentialWithPublicBookingOpen()
    {
        runMatrix(m_open, QStringLiteral("open"));
    }
};

QString TestAuthorizationMatrix::prepare(ApiTestBench &bench, const QString &mode,
                                         QList<Credential> *credentials, Targets *targets)
{
    StaffCredentials staff(bench.http());
    const auto admin = staff.session(QStringLiteral("matrix-admin"), QStringLiteral("admin"));
    const auto clerk = staff.session(QStringLiteral("matrix-clerk"), QStringLiteral("clerk"));
    const auto shop = staff.apiToken(QStringLiteral("matrix shop"), QStringLiteral("shop"));
    const auto expired = staff.session(QStringLiteral("matrix-expired"), QStringLiteral("clerk"));
    const auto revoked = staff.session(QStringLiteral("matrix-revoked"), QStringLiteral("clerk"));
    if (admin.token.isEmpty() || clerk.token.isEmpty() || shop.token.isEmpty() ||
        expired.token.isEmpty() || revoked.token.isEmpty() || !staff.logout(revoked.token))
        return staff.errorString();
    // Set to the past before the server saw it used, so a cache can hold it only
    // if login put it there.
    const QByteArray hash = QCryptographicHash::hash(expired.token, QCryptographicHash::Sha256);
    if (bench.sqlValue(QStringLiteral("WITH e AS (UPDATE auth_tokens SET expires_at = now() - "
                                      "interval '1 minute' WHERE token_hash = decode('%1', 'hex') "
                                      "RETURNING 1) SELECT count(*) FROM e")
                           .arg(QString::fromLatin1(hash.toHex()))) != 1)
        return QStringLiteral("the expired session's row was not found by its SHA-256");
    // The change reaches a token cache through the notification hub (within 1 s
    // by the contract), in case the login already cached the session.
    StaffCredentials check(bench.http());
    if (!QTest::qWaitFor([&] { return check.meStatus(expired.token) == 401; }, 3000) ||
        !QTest::qWaitFor([&] { return check.meStatus(revoked.token) == 401; }, 3000))
        return QStringLiteral("the expired or revoked session still works after 3 s");
    targets->victimUser =
        staff.createUser(QStringLiteral("matrix-victim"), QStringLiteral("clerk"));
    targets->victimToken =
        staff.apiToken(QStringLiteral("matrix victim"), QStringLiteral("clerk")).id;
    targets->show = bench.createShow(QStringLiteral("Matrix"), 500);
    targets->victimShow = bench.createShow(QStringLiteral("Matrix victim"), 10);
    // Reserved seating (issue 17): a plan and a seated show, so the seat map
    // route has a map to answer rather than general admission's 404.
    const auto plan = bench.http().post(
        QStringLiteral("/admin/plans"),
        {{"name", "Matrix"},
         {"sections",
          QJsonArray{QJsonObject{
              {"name", "Stalls"}, {"category", "standard"}, {"rows", 2}, {"seats_per_row", 5}}}}},
        true);
    targets->plan = plan.object().value(QStringLiteral("id")).toInteger();
    const auto seated = bench.http().post(QStringLiteral("/admin/shows"),
                                          {{"name", "Matrix seated"},
                                           {"start_time", "2030-01-01T19:30:00Z"},
                                           {"seating_plan_id", targets->plan}},
                                          true);
    targets->seatedShow = seated.object().value(QStringLiteral("id")).toInteger();
    if (targets->plan <= 0 || targets->seatedShow <= 0)
        return QStringLiteral("could not make the seated targets: plan ") + plan.describe() +
               QStringLiteral(", show ") + seated.describe();
    const auto flag = bench.http().send(
        "PUT", QStringLiteral("/admin/flags/") + targets->flagKey, R"({"on":true})",
        {{"Authorization", bench.http().adminHeader()}, {"Content-Type", "application/json"}});
    if (targets->victimUser <= 0 || targets->victimToken <= 0 || targets->show <= 0 ||
        targets->victimShow <= 0 || (flag.status != 200 && flag.status != 201))
        return staff.errorString() + QStringLiteral(" / could not make the targets; flag: ") +
               flag.describe();

    const auto staffBooking = bench.book(targets->show, QStringLiteral("Staff"), 1,
                                         {{"Authorization", bench.http().adminHeader()}});
    const auto shopBooking = bench.book(targets->show, QStringLiteral("Shop"), 1,
                                        {{"Authorization", StaffCredentials::bearer(shop.token)}});
    if (staffBooking.status != 201 || shopBooking.status != 201)
        return QStringLiteral("bookings: staff %1, shop %2")
            .arg(staffBooking.describe(), shopBooking.describe());
    const auto idOf = [](const TestHttpClient::Reply &r) {
        return r.object().value(QStringLiteral("id")).toInteger();
    };
    const auto referenceOf = [](const TestHttpClient::Reply &r) {
        return r.object().value(QStringLiteral("reference")).toString();
    };
    const qint64 booking = idOf(staffBooking);
    const QString reference = referenceOf(staffBooking);
    *credentials = {
        {QStringLiteral("none"), Kind::None, {}, QStringLiteral("missing"), booking, reference},
        {QStringLiteral("Bearer alone"), Kind::Refused, "Bearer", QStringLiteral("malformed"),
         booking, reference},
        {QStringLiteral("Basic"), Kind::Refused, "Basic x", QStringLiteral("malformed"), booking,
         reference},
        {QStringLiteral("unknown boa_"), Kind::Refused, "Bearer boa_" + QByteArray(43, 'A'),
         QStringLiteral("unknown"), booking, reference},
        {QStringLiteral("unknown bos_"), Kind::Refused, "Bearer bos_" + QByteArray(43, 'B'),
         QStringLiteral("unknown"), booking, reference},
        {QStringLiteral("expired"), Kind::Refused, StaffCredentials::bearer(expired.token),
         QStringLiteral("expired"), booking, reference},
        {QStringLiteral("revoked"), Kind::Refused, StaffCredentials::bearer(revoked.token),
         QStringLiteral("revoked"), booking, reference},
        {QStringLiteral("clerk"),
         Kind::Clerk,
         StaffCredentials::bearer(clerk.token),
         {},
         booking,
         reference,
         clerk.username},
        {QStringLiteral("shop"),
         Kind::Shop,
         StaffCredentials::bearer(shop.token),
         {},
         idOf(shopBooking),
         referenceOf(shopBooking)},
        {QStringLiteral("admin"),
         Kind::Admin,
         StaffCredentials::bearer(admin.token),
         {},
         booking,
         reference,
         admin.username},
        {QStringLiteral("bootstrap"),
         Kind::Admin,
         bench.http().adminHeader(),
         {},
         booking,
         reference},
    };
    if (mode == QLatin1String("token")) {
        const auto anonymous = bench.book(targets->show, QStringLiteral("Anonymous"), 1);
        const QByteArray access =
            anonymous.object().value(QStringLiteral("access_token")).toString().toLatin1();
        if (anonymous.status != 201 || !access.startsWith("bka_"))
            return QStringLiteral("an anonymous booking in token mode: expected 201 with a bka_ "
                                  "access_token, got ") +
                   anonymous.describe();
        credentials->append({QStringLiteral("holder"),
                             Kind::Holder,
                             StaffCredentials::bearer(access),
                             {},
                             idOf(anonymous),
                             referenceOf(anonymous)});
    }
    return {};
}

bool TestAuthorizationMatrix::refresh(ApiTestBench &bench, QList<Credential> *credentials)
{
    StaffCredentials staff(bench.http());
    for (Credential &credential : *credentials) {
        if (credential.kind != Kind::Clerk && credential.kind != Kind::Shop &&
            credential.kind != Kind::Admin)
            continue;
        if (credential.kind != Kind::Shop && credential.username.isEmpty())
            continue; // the bootstrap token cannot be ended by a request
        if (staff.meStatus(credential.authorization.mid(7)) == 200)
            continue;
        const auto again =
            credential.username.isEmpty()
                ? staff.apiToken(credential.name + QStringLiteral(" again"), QStringLiteral("shop"))
                : staff.login(credential.username);
        if (again.token.isEmpty()) {
            qWarning().noquote() << staff.errorString();
            return false;
        }
        credential.authorization = StaffCredentials::bearer(again.token);
    }
    return true;
}

void TestAuthorizationMatrix::runMatrix(ApiTestBench &bench, const QString &mode)
{
    QList<Credential> credentials;
    Targets targets;
    const QString problem = prepare(bench, mode, &credentials, &targets);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QString listedMode;
    const QList<RouteRow> routes = routesOf(bench, &listedMode);
    QCOMPARE(listedMode, mode);
    QVERIFY2(routes.size() >= 30, qPrintable(QStringLiteral("only %1 routes").arg(routes.size())));

    QStringList failures;
    QMap<QString, int> counts; // "access/verdict" -> rows
    for (const RouteRow &route : routes) {
        for (const Credential &credential : credentials) {
            bool known = false;
            const Verdict verdict = expected(route.access, credential.kind, mode, &known);
            const QString path = concretePath(route.path, targets, credential);
            QList<QPair<QByteArray, QByteArray>> headers = {{"Content-Type", "application/json"}};
            if (!credential.authorization.isEmpty())
                headers.append(qMakePair(QByteArray("Authorization"), credential.authorization));
            const bool hasBody = QStringList{"POST", "PUT", "PATCH"}.contains(route.method);
            const auto reply =
                bench.http().send(route.method.toLatin1(), path, hasBody ? "{}" : "", headers);
            const QJsonObject body = reply.object();
            const QString code = body.value(QStringLiteral("code")).toString();
            const QString row = QStringLiteral("%1 %2 (%3) as %4: expected %5, seen %6")
                                    .arg(route.method, path, route.access, credential.name,
                                         verdictName(verdict), reply.describe().left(200));
            ++counts[route.access + QLatin1Char('/') + verdictName(verdict)];
            if (!known) {
                failures << row + QStringLiteral(" (an access class the test does not know)");
                continue;
            }
            const bool jsonError = body.value(QStringLiteral("error")).isString() &&
                                   body.value(QStringLiteral("code")).isString();
            bool right = false;
            switch (verdict) {
            case Verdict::Allowed:
                right = reply.status >= 200 && reply.status < 500 && reply.status != 401 &&
                        reply.status != 403 && code != QLatin1String("not_found") &&
                        code != QLatin1String("method_not_allowed") &&
                        (reply.status < 400 || jsonError);
                break;
            case Verdict::Unauthorized:
                right = reply.status == 401 && jsonError && code == QLatin1String("unauthorized") &&
                        body.value(QStringLiteral("reason")).toString() == credential.reason;
                break;
            case Verdict::Forbidden:
                right = reply.status == 403 && jsonError && code == QLatin1String("forbidden");
                break;
            }
            // The one refusal that is not the router's: the bootstrap token is
            // rotated by restarting with a new one (the contract), so logging it
            // out may be refused by the service with 403.
            if (!right && credential.name == QLatin1String("bootstrap") &&
                route.method == QLatin1String("POST") &&
                route.path == QLatin1String("/auth/logout"))
                right = reply.status == 403 && jsonError && code == QLatin1String("forbidden");
            if (!right)
                failures << row;
            // A request that was let through may have ended a credential (POST
            // /auth/logout does): make that one again, so later rows test what they say.
            if (verdict == Verdict::Allowed && route.method != QLatin1String("GET"))
                QVERIFY2(refresh(bench, &credentials),
                         qPrintable(QStringLiteral("after %1: a staff credential could not be "
                                                   "made again")
                                        .arg(row)));
        }
    }
    int rows = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        qInfo("  %-32s %4d rows", qPrintable(it.key()), it.value());
        rows += it.value();
    }
    qInfo("public booking %s: %lld routes x %lld credentials = %d rows, %lld wrong",
          qPrintable(mode), qlonglong(routes.size()), qlonglong(credentials.size()), rows,
          qlonglong(failures.size()));
    for (const QString &failure : failures)
        qInfo().noquote() << "  WRONG" << failure;
    QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 rows wrong, first: %3")
                                                .arg(failures.size())
                                                .arg(rows)
                                                .arg(failures.value(0))));
}

QTEST_GUILESS_MAIN(TestAuthorizationMatrix)
#include "tst_authorizationmatrix.moc"
