#pragma once

#include "apitypes.h"
#include "flagtypes.h"
#include "result.h"

#include <QGroupBox>
#include <QPointer>

#include <functional>
#include <optional>

class ApiClient;
class InlineMessage;
class QComboBox;
class QMessageBox;
class QPushButton;
class QSpinBox;
class ShowFilterProxyModel;
class ShowPickerModel;
class ShowsModel;

// Typed editors for the built-in flags, so an operator never types JSON for
// them: pause all sales (a toggle that asks before pausing and before resuming,
// and is unmistakably red while sales are paused), pause one show, the hold
// length and the seats per booking (Apply, or "Use default" = delete the flag).
// It shows what the server applies now (GET /config, fed by MainWindow, and
// asked again after each change here) and changes flags through ApiClient; a
// change the environment overrules (or a delete of a flag only the environment
// sets) is reported as such, naming the variable.
class SalesControlsPanel : public QGroupBox
{
    Q_OBJECT
public:
    SalesControlsPanel(ApiClient *api, ShowsModel *shows, QWidget *parent = nullptr);

    // What the server applies now; editors the operator is changing are left alone.
    void setConfig(const ServerConfig &config);
    void selectShow(qint64 showId);

signals:
    // A flag was changed here: the flags table and /config are worth a new look.
    void flagsChanged();

private:
    QWidget *buildPauseRow();
    QWidget *buildLimitRow(const QString &label, const QString &key, QSpinBox *spin,
                           const QString &objectPrefix);
    std::optional<qint64> pickedShowId() const;
    QString pickedShowName() const;
    void updatePauseButtons();
    void confirm(const QString &question, const QString &consequence, const QString &action,
                 std::function<void()> onYes);
    void put(const QString &key, const QJsonValue &value, const QString &done);
    void remove(const QString &key, const QString &done);
    void answered(const Result<Api::FeatureFlag> &result, const QString &done, bool stored);
    // After a change: shows what /config says is in force, and reports `done` unless the
    // environment keeps `key` as it was (then the warning names the variable).
    void reportInForce(const QString &key, const QString &done);
    void warnEnvironmentWins(const Api::FeatureFlag &flag, bool stored);

    ApiClient *m_api;
    ShowsModel *m_shows;
    ShowFilterProxyModel *m_pickerFilter;
    ShowPickerModel *m_pickerModel;
    ServerConfig m_config;
    QPushButton *m_pauseAll = nullptr;
    QComboBox *m_showPicker = nullptr;
    QPushButton *m_pauseShow = nullptr;
    QSpinBox *m_holdSeconds = nullptr;
    QSpinBox *m_maxSeats = nullptr;
    InlineMessage *m_message = nullptr;
    // The values last shown from /config: a box still showing one was not edited.
    int m_shownHoldSeconds = 0;
    int m_shownMaxSeats = 0;
    QPointer<QMessageBox> m_confirmation;
};
