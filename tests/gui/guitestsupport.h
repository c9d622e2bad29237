#pragma once

#include "apitypes.h"
#include "appsettings.h"
#include "mainwindow.h"
#include "result.h"

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <type_traits>

class ServerProcess;

// What every GUI test needs: a real server on a fresh database, and a main
// window with its own settings file already pointing at that server.
namespace GuiTestSupport {

// Starts `server` on a brand-new database of the shared test cluster (its URL
// goes to *databaseUrl when given). Returns "" on success, otherwise why not.
QString startServer(ServerProcess &server, const QStringList &arguments = {},
                    QString *databaseUrl = nullptr);

// A main window connected to `server`, shown and active, settings in `dir`.
struct Window
{
    std::unique_ptr<AppSettings> settings;
    std::unique_ptr<MainWindow> window;
};
Window openWindow(const QTemporaryDir &dir, const ServerProcess &server);

// Creates a show through the window's API client and waits for the answer
// (for tests whose subject is not show creation). Invalid Show on failure.
Show createShow(MainWindow &window, const QString &name, int seats, const QDateTime &start = {});

// Holds seats through the API client, bypassing the counter form.
Booking holdSeats(MainWindow &window, qint64 showId, const QString &customer, int seats);

// "01:59" -> 119; -1 when the text is not a countdown.
int countdownSeconds(const QString &text);

// Why FIND_CHILD failed: which type and name are missing under which object.
QByteArray missingChild(const QObject *root, const char *type, const QString &name);

} // namespace GuiTestSupport

// Tests reach widgets by their object names, as a user reaches them by sight,
// not through getters that exist only for tests. Sets `variable` (a pointer to
// a QObject subclass) to the child of `root` named `name`, or fails the test
// saying which one is missing. Usable in functions returning void.
//     QLineEdit *customer = nullptr;
//     FIND_CHILD(customer, window.get(), "customerName");
#define FIND_CHILD(variable, root, name)                                                           \
    do {                                                                                           \
        using FoundType_ = std::remove_pointer_t<decltype(variable)>;                              \
        variable = (root)->findChild<FoundType_ *>(QStringLiteral(name));                          \
        if (!variable)                                                                             \
            QFAIL(GuiTestSupport::missingChild(root, FoundType_::staticMetaObject.className(),     \
                                               QStringLiteral(name))                               \
                      .constData());                                                               \
    } while (false)
