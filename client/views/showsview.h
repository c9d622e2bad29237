#pragma once

#include "show.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class ApiClient;
class InlineMessage;
class QCheckBox;
class QDateEdit;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QTableView;
class ShowDialog;
class ShowFilterProxyModel;
class ShowsModel;

// The shows table with its filters, and the admin actions on it: create,
// edit, cancel a show and list its bookings. Requests go through ApiClient;
// answers update ShowsModel right away and showsChanged() asks for a refresh.
class ShowsView : public QWidget
{
    Q_OBJECT
public:
    ShowsView(ApiClient *api, ShowsModel *shows, QWidget *parent = nullptr);

    void setAdminEnabled(bool enabled);
    std::optional<Show> selectedShow() const;
    void selectShow(qint64 showId);

public slots:
    void focusFilter();
    void focusTable();
    void newShow();
    void editSelectedShow();
    void cancelSelectedShow();
    void showBookingsOfSelected();

signals:
    void showsChanged();

private:
    void buildFilters(class QHBoxLayout *row);
    void updateActions();
    void submitDialog();
    void askToCancel(const Show &show, int bookings);

    ApiClient *m_api;
    ShowsModel *m_shows;
    ShowFilterProxyModel *m_proxy;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_dateEnabled = nullptr;
    QDateEdit *m_date = nullptr;
    QCheckBox *m_hideCancelled = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_bookings = nullptr;
    InlineMessage *m_message = nullptr;
    QPointer<ShowDialog> m_dialog;
    QPointer<QMessageBox> m_confirmation;
    bool m_admin = false;
};
