#pragma once

#include "apitypes.h"
#include "appsettings.h"
#include "mainwindow.h"
#include "result.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

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

} // namespace GuiTestSupport
