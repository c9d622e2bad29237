// How the router reads a raw path and query: split on '/' before decoding
// (an encoded slash never splits a segment), empty segments ignored, bad
// escapes refused, what a 404/405 echoes cut short, and a query parameter
// given twice refused on every route.
#include "auth/bootstrapauthenticator.h"
#include "http/router.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {
using Method = QHttpServerRequest::Method;

ApiResponse dispatch(const Router &router, Method method, const QString &target)
{
    ApiRequest request;
    request.method = method;
    const qsizetype question = target.indexOf(QLatin1Char('?'));
    request.path = question < 0 ? target : target.left(question);
    if (question >= 0)
        request.query = QUrlQuery(target.mid(question + 1));
    QFuture<ApiResponse> future = router.dispatch(request);
    future.waitForFinished();
    return future.result();
}

QJsonObject body(const ApiResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}
} // namespace

class TestRouterPaths : public QObject
{
    Q_OBJECT

private:
    BootstrapAuthenticator m_authenticator{QByteArray("token")};

    Router makeRouter()
    {
        Router router(Router::Options{&m_authenticator, nullptr, PublicBooking::Off});
        router.add(Method::Get, QStringLiteral("/shows/:id"), Router::Access::Public,
                   [](const ApiRequest &r) {
                       return QtFuture::makeReadyFuture(
                           ApiResponse::json(200, QJsonObject{{"id", r.pathArguments.value(0)}}));
                   });
        return router;
    }

private Q_SLOTS:
    void segmentsAreDecodedAfterSplitting_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QStringList>("segments");
        QTest::newRow("plain") << "/shows/1" << true << QStringList{"shows", "1"};
        QTest::newRow("repeated slashes") << "//shows///1/" << true << QStringList{"shows", "1"};
        QTest::newRow("encoded slash stays")
            << "/shows%2F4%2Fbook" << true << QStringList{"shows/4/book"};
        QTest::newRow("NUL decoded")
            << "/a%00b" << true << QStringList{QString::fromUtf8("a\0b", 3)};
        QTest::newRow("UTF-8 decoded")
            << "/caf%C3%A9" << true << QStringList{QString::fromUtf8("café")};
        QTest::newRow("escape cut short") << "/shows/%4" << false << QStringList();
        QTest::newRow("escape not hex") << "/shows/%ZZ" << false << QStringList();
        QTest::newRow("invalid UTF-8") << "/shows/%C3" << false << QStringList();
    }

    void segmentsAreDecodedAfterSplitting()
    {
        QFETCH(QString, path);
        QFETCH(bool, valid);
        QFETCH(QStringList, segments);
        QStringList seen;
        QCOMPARE(Router::splitPath(path, &seen), valid);
        if (valid)
            QCOMPARE(seen, segments);
    }

    void encodedSlashIsNotARouteAndBadEscapesAreRefused()
    {
        const Router router = makeRouter();
        QCOMPARE(dispatch(router, Method::Get, QStringLiteral("/shows%2F1")).status, 404);
        const ApiResponse bad = dispatch(router, Method::Get, QStringLiteral("/shows/%ZZ"));
        QVERIFY2(bad.status == 400 && body(bad).value("code") == QStringLiteral("bad_request"),
                 bad.body.constData());
        const ApiResponse slashes = dispatch(router, Method::Get, QStringLiteral("//shows//7"));
        QCOMPARE(slashes.status, 200);
        QCOMPARE(body(slashes).value("id").toString(), QStringLiteral("7"));
    }

    void notFoundAndNotAllowedEchoAShortPath()
    {
        const Router router = makeRouter();
        const QString longTail(100000, QLatin1Char('a'));
        const ApiResponse missing =
            dispatch(router, Method::Get, QStringLiteral("/nothing/") + longTail);
        QCOMPARE(missing.status, 404);
        QVERIFY2(missing.body.size() < 300,
                 qPrintable(QStringLiteral("a 404 of %1 bytes").arg(missing.body.size())));
        const ApiResponse wrong =
            dispatch(router, Method::Put, QStringLiteral("/shows/") + longTail);
        QCOMPARE(wrong.status, 405);
        QVERIFY2(wrong.body.size() < 300,
                 qPrintable(QStringLiteral("a 405 of %1 bytes").arg(wrong.body.size())));
        QVERIFY(body(wrong).value("error").toString().contains(QStringLiteral("...")));
    }

    void repeatedQueryParameterIsRefused_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("field");
        QTest::newRow("same name") << "/shows/1?limit=1&limit=2"
                                   << "limit";
        QTest::newRow("same value") << "/shows/1?x=1&x=1"
                                    << "x";
        QTest::newRow("one encoded") << "/shows/1?offset=1&%6Fffset=2"
                                     << "offset";
    }

    void repeatedQueryParameterIsRefused()
    {
        QFETCH(QString, target);
        QFETCH(QString, field);
        const ApiResponse response = dispatch(makeRouter(), Method::Get, target);
        QVERIFY2(response.status == 400 &&
                     body(response).value("code") == QStringLiteral("invalid_field") &&
                     body(response).value("field").toString() == field,
                 qPrintable(QStringLiteral("expected 400 invalid_field %1, seen %2 %3")
                                .arg(field)
                                .arg(response.status)
                                .arg(QString::fromUtf8(response.body))));
        QCOMPARE(dispatch(makeRouter(), Method::Get, QStringLiteral("/shows/1?a=1&b=2")).status,
                 200);
    }
};

QTEST_GUILESS_MAIN(TestRouterPaths)
#include "tst_routerpaths.moc"
