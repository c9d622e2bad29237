#pragma once

#include "sessioncontroller.h"

#include <QMainWindow>
#include <QUrl>

#include <memory>

class ApiClient;
class AppSettings;
class BookingLookupView;
class ConnectionMonitor;
class ConnectionStatusLabel;
class CounterView;
class FlagsView;
class HoldWorkflow;
class HoldsModel;
class LivePushRouter;
class PushFeed;
class PushStatusLabel;
class QLabel;
class QSplitter;
class QTabWidget;
class SaleWiring;
class SeatingWiring;
class ServerConfigLoader;
class ShowsModel;
class ShowsRefresher;
class ShowsView;
class TokenStore;
class TokensPage;
class AuditPage;
class UsersPage;

// The application window: the Counter tab (holds, confirmation, booking
// lookup) for everyone and, for an admin, the Shows (table, admin actions),
// Flags (feature flags, sales controls), Users and Tokens tabs, with the
// connection state and who is logged in in the status bar. Owns the API client,
// the session (login, token store), models and their refresh; restores and
// saves its layout through AppSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(AppSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setConnection(const QUrl &serverUrl, const QByteArray &token);

    ApiClient *api() const { return m_api; }
    ConnectionMonitor *monitor() const { return m_monitor; }
    ShowsModel *showsModel() const { return m_shows; }
    HoldsModel *holdsModel() const { return m_holds; }
    ShowsRefresher *refresher() const { return m_refresher; }
    PushFeed *pushFeed() const { return m_push; }
    ServerConfigLoader *serverConfig() const { return m_config; }
    SessionController *session() const { return m_session; }
    TokenStore *tokenStore() const { return m_tokens.get(); }

public slots:
    void showCounter();
    void showShows();
    void showFlags();
    void showUsers();
    void showTokens();
    void showSell();
    void editConnection();
    void showShortcuts();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void applyConnection(const QUrl &serverUrl, const QByteArray &token);
    void applyRole();
    bool showTabIfVisible(QWidget *page);
    void restoreLayout();
    void saveLayout();

    AppSettings *m_settings;
    std::unique_ptr<TokenStore> m_tokens;
    ApiClient *m_api;
    ConnectionMonitor *m_monitor;
    ShowsModel *m_shows;
    HoldsModel *m_holds;
    ShowsRefresher *m_refresher;
    ServerConfigLoader *m_config;
    HoldWorkflow *m_counterWorkflow;
    HoldWorkflow *m_lookupWorkflow;
    SessionController *m_session;
    PushFeed *m_push;
    SeatingWiring *m_seating = nullptr;
    SaleWiring *m_sales = nullptr;
    LivePushRouter *m_livePush;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_counterSplitter = nullptr;
    CounterView *m_counter = nullptr;
    BookingLookupView *m_lookup = nullptr;
    ShowsView *m_showsView = nullptr;
    FlagsView *m_flagsView = nullptr;
    UsersPage *m_usersPage = nullptr;
    TokensPage *m_tokensPage = nullptr;
    AuditPage *m_auditPage = nullptr;
    QAction *m_logout = nullptr;
    QLabel *m_who = nullptr;
    ConnectionStatusLabel *m_status = nullptr;
    PushStatusLabel *m_pushStatus = nullptr;
    // The last /config request sent before the counter's latest sales_paused refusal:
    // answers to it or earlier ones may predate the pause and must not lift the banner.
    quint64 m_configBeforeRefusal = 0;
};
