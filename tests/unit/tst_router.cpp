// The route table's own answers, before any handler runs: 404 for unknown
// paths, 405 with Allow for wrong methods, 401 for admin routes without the
// right token, 413 for oversized bodies; and path arguments for handlers.
#include "auth/bootstrapauthenticator.h"
#include "http/router.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {
using Method = QHttpServerRequest::Method;
const QByteArray kToken = "s3cret-admin-token";

ApiRequest request(Method method, const QString &path, const QByteArray &authorization = {},
                   const QByteArray &body = {})
{
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.authorization = authorization;
    r.body = body;
    return r;
}

QByteArray headerOf(const ApiResponse &response, const QByteArray &name)
{
    for (const auto &[key, value] : response.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString describe(const ApiResponse &response)
{
    return QStringLiteral("status %1 %2")
        .arg(response.status)
        .arg(QString::fromUtf8(response.body));
}
} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private:
    // Handlers answer 200 with what they were given, so tests can see which one ran.
    // Routers point at their authenticator, which must outlive them.
    std::vector<std::unique_ptr<BootstrapAuthenticator>> m_authenticators;

    Router makeRouter(const QByteArray &token = kToken)
    {
        m_authenticators.push_back(std::make_unique<BootstrapAuthenticator>(token));
        Router router(Router::Options{m_authenticators.back().get(), nullptr, PublicBooking::Off});
        const auto echo = [](const QString &name) {
            return [name](const ApiRequest &r) {
                return QtFuture::makeReadyFuture(ApiResponse::json(
                    200, QJsonObject{{"handler", name},
                                     {"arguments", QJsonArray::fromStringList(r.pathArguments)}}));
            };
        };
        router.add(Method::Get, QStringLiteral("/shows"), Router::Access::Public, echo("list"));
        router.add(Method::Get, QStringLiteral("/shows/:id"), Router::Access::Public, echo("show"));
        router.add(Method::Post, QStringLiteral("/shows/:id/book"), Router::Access::Public,
                   echo("book"));
        router.add(Method::Get, QStringLiteral("/bookings/by-reference/:reference"),
                   Router::Access::Public, echo("ref"));
        router.add(Method::Post, QStringLiteral("/admin/shows"), Router::Access::Admin,
                   echo("create"));
        router.add(Method::Patch, QStringLiteral("/admin/shows/:id"), Router::Access::Admin,
                   echo("patch"));
        router.add(Method::Delete, QStringLiteral("/admin/shows/:id"), Router::Access::Admin,
                   echo("delete"));
        router.add(Method::Get, QStringLiteral("/admin/shows/:id/bookings/:status"),
                   Router::Access::Admin, echo("two"));
        return router;
    }

    static ApiResponse dispatch(const Router &router, const ApiRequest &r)
    {
        QFuture<ApiResponse> future = router.dispatch(r);
        future.waitForFinished();
        return future.result();
    }

    static QJsonObject body(const ApiResponse &response)
    {
        return QJsonDocument::fromJson(response.body).object();
    }

private Q_SLOTS:
    void matchingRouteRunsWithPathArguments_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("handler");
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no arguments") << int(Method::Get) << "/shows"
                                      << "list" << QStringList();
        QTest::newRow("trailing slash") << int(Method::Get) << "/shows/"
                                        << "list" << QStringList();
        QTest::newRow("one argument") << int(Method::Get) << "/shows/17"
                                      << "show" << QStringList{"17"};
        QTest::newRow("argument in the middle") << int(Method::Post) << "/shows/5/book"
                                                << "book" << QStringList{"5"};
        QTest::newRow("argument passed raw") << int(Method::Get) << "/shows/abc"
                                             << "show" << QStringList{"abc"};
        QTest::newRow("text argument") << int(Method::Get) << "/bookings/by-reference/abCD2345"
                                       << "ref" << QStringList{"abCD2345"};
        QTest::newRow("two arguments in order")
            << int(Method::Get) << "/admin/shows/3/bookings/PENDING"
            << "two" << QStringList{"3", "PENDING"};
    }

    void matchingRouteRunsWithPathArguments()
    {
        QFETCH(int, method);
        QFETCH(QString, path);
        QFETCH(QString, handler);
        QFETCH(QStringList, arguments);
        const Router router = makeRouter();
        const ApiResponse response =
            dispatch(router, request(Method(method), path, "Bearer " + kToken));
        QVERIFY2(response.status == 200, qPrintable(describe(response)));
        QCOMPARE(body(response).value("handler").toString(), handler);
        QStringList seen;
        for (const QJsonValue &value : body(response).value("arguments").toArray())
            seen << value.toString();
        QCOMPARE(seen, arguments);
    }

    void unknownPathIsNotFound_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("root") << "/";
        QTest::newRow("unknown") << "/nope";
        QTest::newRow("too long") << "/shows/1/book/now";
        QTest::newRow("case differs") << "/Shows";
        QTest::newRow("prefix only") << "/admin";
    }

    void unknownPathIsNotFound()
    {
        QFETCH(QString, path);
        const Router router = makeRouter();
        for (const Method method : {Method::Get, Method::Post, Method::Delete}) {
            const ApiResponse response = dispatch(router, request(method, path));
            QVERIFY2(response.status == 404, qPrintable(describe(response)));
            QCOMPARE(body(response).value("code").toString(), QStringLiteral("not_found"));
            QVERIFY2(headerOf(response, "Allow").isEmpty(), "a 404 names no methods");
        }
    }

    void wrongMethodIsNotAllowedWithAllowHeader_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("PUT /shows") << int(Method::Put) << "/shows" << QByteArray("GET");
        QTest::newRow("DELETE /shows/1") << int(Method::Delete) << "/shows/1" << QByteArray("GET");
        QTest::newRow("GET /shows/1/book")
            << int(Method::Get) << "/shows/1/book" << QByteArray("POST");
        QTest::newRow("GET /admin/shows")
            << int(Method::Get) << "/admin/shows" << QByteArray("POST");
        QTest::newRow("POST /admin/shows/1, two methods")
            << int(Method::Post) << "/admin/shows/1" << QByteArray("PATCH, DELETE");
    }

    void wrongMethodIsNotAllowedWithAllowHeader()
    {
        QFETCH(int, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, allow);
        const Router router = makeRouter();
        // Without a token too: the method is wrong whoever asks.
        const ApiResponse response = dispatch(router, request(Method(method), path));
        QVERIFY2(response.status == 405, qPrintable(describe(response)));
        QCOMPARE(body(response).value("code").toString(), QStringLiteral("method_not_allowed"));
        QCOMPARE(headerOf(response, "Allow"), allow);
    }

    void adminRouteNeedsTheRightBearerToken_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::newRow("none") << QByteArray() << 401;
        QTest::newRow("wrong token") << QByteArray("Bearer wrong") << 401;
        QTest::newRow("token prefix only") << QByteArray("Bearer s3cret") << 401;
        QTest::newRow("token plus more") << QByteArray("Bearer " + kToken + "x") << 401;
        QTest::newRow("token without Bearer") << kToken << 401;
        QTest::newRow("Basic scheme") << QByteArray("Basic " + kToken) << 401;
        QTest::newRow("empty bearer") << QByteArray("Bearer ") << 401;
        QTest::newRow("right token") << QByteArray("Bearer " + kToken) << 200;
        QTest::newRow("right token, trailing space") << QByteArray("Bearer " + kToken + " ") << 200;
    }

    void adminRouteNeedsTheRightBearerToken()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        const Router router = makeRouter();
        const ApiResponse response =
            dispatch(router, request(Method::Post, QStringLiteral("/admin/shows"), authorization));
        QVERIFY2(response.status == status, qPrintable(describe(response)));
        if (status == 401)
            QCOMPARE(body(response).value("code").toString(), QStringLiteral("unauthorized"));
    }

    void serverWithoutAdminTokenRefusesEveryAdminRequest()
    {
        const Router router = makeRouter(QByteArray());
        for (const QByteArray &authorization :
             {QByteArray(), QByteArray("Bearer "), QByteArray("Bearer x")}) {
            const ApiResponse response = dispatch(
                router, request(Method::Post, QStringLiteral("/admin/shows"), authorization));
            QVERIFY2(response.status == 401, qPrintable(describe(response)));
        }
    }

    void publicRouteIgnoresAuthorization()
    {
        const Router router = makeRouter();
        const ApiResponse response =
            dispatch(router, request(Method::Get, QStringLiteral("/shows"), "Bearer wrong"));
        QVERIFY2(response.status == 200, qPrintable(describe(response)));
    }

    void bodyOver64KiBIsTooLarge_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("status");
        QTest::newRow("exactly 64 KiB") << int(Router::kMaxBodyBytes) << 200;
        QTest::newRow("64 KiB + 1") << int(Router::kMaxBodyBytes + 1) << 413;
        QTest::newRow("1 MiB") << 1024 * 1024 << 413;
    }

    void bodyOver64KiBIsTooLarge()
    {
        QFETCH(int, size);
        QFETCH(int, status);
        QCOMPARE(Router::kMaxBodyBytes, qsizetype(64 * 1024));
        const Router router = makeRouter();
        const ApiResponse response =
            dispatch(router, request(Method::Post, QStringLiteral("/shows/1/book"), {},
                                     QByteArray(size, ' ')));
        QVERIFY2(response.status == status, qPrintable(describe(response)));
        if (status == 413)
            QCOMPARE(body(response).value("code").toString(), QStringLiteral("payload_too_large"));
    }

    void adminTokenIsCheckedBeforeBodySize()
    {
        const Router router = makeRouter();
        const QByteArray big(Router::kMaxBodyBytes + 1, ' ');
        const ApiResponse anonymous =
            dispatch(router, request(Method::Post, QStringLiteral("/admin/shows"), {}, big));
        QVERIFY2(anonymous.status == 401, qPrintable(describe(anonymous)));
        const ApiResponse admin = dispatch(
            router, request(Method::Post, QStringLiteral("/admin/shows"), "Bearer " + kToken, big));
        QVERIFY2(admin.status == 413, qPrintable(describe(admin)));
    }

    void everyRouterErrorIsJsonWithErrorAndCode()
    {
        const Router router = makeRouter();
        const QList<ApiRequest> requests = {
            request(Method::Get, QStringLiteral("/nope")),
            request(Method::Put, QStringLiteral("/shows")),
            request(Method::Post, QStringLiteral("/admin/shows")),
            request(Method::Post, QStringLiteral("/shows/1/book"), {},
                    QByteArray(Router::kMaxBodyBytes + 1, 'x')),
        };
        for (const ApiRequest &r : requests) {
            const ApiResponse response = dispatch(router, r);
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
            QVERIFY2(document.isObject(), qPrintable(describe(response)));
            QVERIFY2(document.object().value("error").isString(), qPrintable(describe(response)));
            QVERIFY2(document.object().value("code").isString(), qPrintable(describe(response)));
            QCOMPARE(response.status, ApiResponse::statusFor(*errorCodeFromName(
                                          document.object().value("code").toString())));
        }
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
