#include "guitestsupport.h"

#include "apiclient.h"
#include "appsettings.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "tokenstore.h"

#include <QRegularExpression>
#include <QUuid>
#include <QtTest>

#include <optional>

namespace GuiTestSupport {

QString startServer(ServerProcess &server, const QStringList &arguments, QString *databaseUrl)
{
    TestDatabase &database = TestDatabase::instance();
    if (!database.start())
        return database.errorString();
    const QString url = database.createDatabase();
    if (url.isEmpty())
        return QStringLiteral("could not create a database");
    if (databaseUrl)
        *databaseUrl = url;
    server.setDatabaseUrl(url);
    server.setArguments(arguments);
    if (!server.start())
        return server.errorString();
    return {};
}

Window openWindow(const QTemporaryDir &dir, const ServerProcess &server)
{
    Window result;
    result.settings = std::make_unique<AppSettings>(dir.filePath(QStringLiteral("boxoffice.ini")));
    result.settings->setServerUrl(server.baseUrl());
    // Logged in as a returning user is: the token in the store the window reads at start.
    TokenStore(TokenStore::Backend::FileOnly, result.settings->tokenDirectory())
        .save(server.adminToken());
    result.window = std::make_unique<MainWindow>(result.settings.get());
    // The window asks the server whose the token is; the tests start once it knows.
    if (!QTest::qWaitFor(
            [&] { return result.window->session()->role() != SessionController::Role::Unknown; },
            30000))
        qWarning("the server did not say whose the window's token is");
    result.window->show();
    result.window->activateWindow();
    // Offscreen windows may never report "active"; focus-sensitive tests check focus themselves.
    if (!QTest::qWaitForWindowActive(result.window.get()))
        qWarning("the main window did not become active");
    return result;
}

template <typename T, typename Call> std::optional<T> await(Call call)
{
    std::optional<Result<T>> outcome;
    QObject context;
    call(&context, [&outcome](const Result<T> &r) { outcome = r; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 30000) || !outcome->ok()) {
        if (outcome)
            qWarning() << "request failed:" << outcome->error().message;
        return std::nullopt;
    }
    return outcome->value();
}

Show createShow(MainWindow &window, const QString &name, int seats, const QDateTime &start)
{
    const ShowDraft draft{
        name, start.isValid() ? start : QDateTime::currentDateTimeUtc().addDays(7), seats};
    const auto show =
        await<Show>([&](QObject *c, auto cb) { window.api()->createShow(draft, c, cb); });
    return show.value_or(Show{});
}

Booking holdSeats(MainWindow &window, qint64 showId, const QString &customer, int seats)
{
    const auto booking = await<Booking>([&](QObject *c, auto cb) {
        window.api()->holdSeats(showId, customer, seats, QUuid::createUuid().toString(), c, cb);
    });
    return booking.value_or(Booking{});
}

int countdownSeconds(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral(R"(^(\d+):(\d\d)$)"));
    const auto match = shape.match(text);
    if (!match.hasMatch())
        return -1;
    return match.captured(1).toInt() * 60 + match.captured(2).toInt();
}

QByteArray missingChild(const QObject *root, const char *type, const QString &name)
{
    const QString under = !root ? QStringLiteral("a null object")
                          : root->objectName().isEmpty()
                              ? QLatin1String(root->metaObject()->className())
                              : root->objectName();
    return QStringLiteral("expected a %1 named \"%2\" under %3, found none")
        .arg(QLatin1String(type), name, under)
        .toUtf8();
}

} // namespace GuiTestSupport
