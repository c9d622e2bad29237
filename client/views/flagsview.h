#pragma once

#include "apitypes.h"
#include "flagtypes.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class ApiClient;
class FlagEditorDialog;
class FlagsModel;
class InlineMessage;
class QMessageBox;
class QPushButton;
class QTableView;
class SalesControlsPanel;
class ShowsModel;

// The Flags page (admin): the sales controls for the built-in flags above the
// table of every flag (key, effective value, rollout, source, changed when and
// by whom), with New / Edit / Delete (asks, naming the key) / History. The table
// refreshes every 3 s while the page is on screen and after every change here.
class FlagsView : public QWidget
{
    Q_OBJECT
public:
    FlagsView(ApiClient *api, ShowsModel *shows, QWidget *parent = nullptr);

    FlagsModel *model() const { return m_model; }
    SalesControlsPanel *salesControls() const { return m_sales; }
    void setAdminEnabled(bool enabled);
    void setConfig(const ServerConfig &config);
    std::optional<Api::FeatureFlag> selectedFlag() const;
    void selectFlag(const QString &key);

public slots:
    void refresh();
    void newFlag();
    void editSelectedFlag();
    void deleteSelectedFlag();
    void showHistoryOfSelected();

signals:
    // A flag changed through this page: /config is worth a new look now.
    void flagsChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateActions();
    void openEditor(FlagEditorDialog *dialog);
    // The list in flight (if any) no longer counts: it was asked before a change made
    // here, or of another server or token. The next refresh() asks again at once.
    void dropListInFlight();

    ApiClient *m_api;
    FlagsModel *m_model;
    SalesControlsPanel *m_sales = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_history = nullptr;
    InlineMessage *m_message = nullptr;
    QPointer<FlagEditorDialog> m_editor;
    QPointer<QMessageBox> m_confirmation;
    QTimer m_refreshTimer;
    bool m_admin = false;
    bool m_refreshing = false;
    bool m_again = false;
    quint64 m_generation = 0; // of the list fetches; see dropListInFlight()
};
