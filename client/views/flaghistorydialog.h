#pragma once

#include <QDialog>

class ApiClient;
class FlagHistoryModel;
class QLabel;
class QPushButton;
class QTableView;

// Every change of one flag, newest first (when, who, action, old → new), 50 at
// a time, from GET /admin/flags/:key/history. Changes made any way are there,
// psql included: the database records them.
class FlagHistoryDialog : public QDialog
{
    Q_OBJECT
public:
    FlagHistoryDialog(ApiClient *api, const QString &key, QWidget *parent = nullptr);

    FlagHistoryModel *model() const { return m_model; }

public slots:
    void loadMore();

private:
    ApiClient *m_api;
    QString m_key;
    FlagHistoryModel *m_model;
    QTableView *m_table = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_more = nullptr;
    int m_total = 0;
};
