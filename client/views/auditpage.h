#pragma once

#include "audittypes.h"

#include <QWidget>

#include <optional>

class ApiClient;
class AuditModel;
class InlineMessage;
class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;

// The Audit page for admins: the audit log, newest first, read-only, with
// filters (who, action, target, since/until) and paging through the server's
// cursor ("Load more"). It first asks the server when it is first shown, so a
// window that never shows it (a clerk's) never calls GET /admin/audit.
// Lives in the GUI thread.
class AuditPage : public QWidget
{
    Q_OBJECT
public:
    AuditPage(ApiClient &api, QWidget *parent = nullptr);

    AuditModel *model() const { return m_model; }
    // Rows asked for per page (1..500; the server's default is 100).
    void setPageSize(int rows) { m_pageSize = rows; }

public slots:
    // The first page for the filters as they are typed now.
    void search();
    // The page after the last one shown, for the filters of the last search.
    void loadMore();

protected:
    void showEvent(QShowEvent *event) override;

private:
    // The filters as typed; nullopt (with a message shown) when a time is not one.
    std::optional<Api::AuditFilter> readFilter();
    void request(const QString &cursor);

    ApiClient &m_api;
    AuditModel *m_model;
    QLineEdit *m_actor;
    QComboBox *m_action;
    QLineEdit *m_target;
    QLineEdit *m_since;
    QLineEdit *m_until;
    QPushButton *m_search;
    QPushButton *m_loadMore;
    QTableView *m_table;
    InlineMessage *m_message;
    Api::AuditFilter m_filter; // of the last search, kept for "Load more"
    QString m_nextCursor;
    quint64 m_generation = 0; // a new search makes answers to older requests stale
    bool m_loadedOnce = false;
    int m_pageSize = 100;
};
