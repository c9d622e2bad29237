#pragma once

#include "flagtypes.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class ApiClient;
class FlagPreviewPanel;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPlainTextEdit;
class QSlider;

// Creates or edits one feature flag: the key (checked against the key rule as
// typed), the value as JSON (checked as typed, with the line and column of a
// mistake), a rollout slider and spin box kept in step with the value's
// "percent", and a preview of where subjects land with the draft. Save sends
// PUT with If-Match of the version loaded; if someone else changed the flag
// meanwhile (412) it offers to reload. Talks to the server itself, because
// preview and reload belong to the open dialog.
class FlagEditorDialog : public QDialog
{
    Q_OBJECT
public:
    // A new flag.
    explicit FlagEditorDialog(ApiClient *api, QWidget *parent = nullptr);
    // An existing flag, edited from `flag` (its key cannot change).
    FlagEditorDialog(ApiClient *api, const Api::FeatureFlag &flag, QWidget *parent = nullptr);

    bool isEditing() const { return m_loaded.has_value(); }
    QString key() const;
    std::optional<QJsonValue> draftValue() const { return m_draft; }

public slots:
    void save();
    void reload();

signals:
    // The server stored it (or found it unchanged); the dialog then closes.
    void saved(const Api::FeatureFlag &flag);

private:
    void build();
    void load(const Api::FeatureFlag &flag);
    void validate();
    void percentEdited(double percent);
    void askToReload(qint64 currentVersion);
    void showError(const QString &text);

    ApiClient *m_api;
    std::optional<Api::FeatureFlag> m_loaded;
    std::optional<QJsonValue> m_draft;
    bool m_syncing = false; // the slider and the text are being put in step
    QLineEdit *m_key = nullptr;
    QLabel *m_keyError = nullptr;
    QLabel *m_environment = nullptr;
    QPlainTextEdit *m_value = nullptr;
    QLabel *m_valueError = nullptr;
    QSlider *m_slider = nullptr;
    QDoubleSpinBox *m_percent = nullptr;
    QLabel *m_message = nullptr;
    FlagPreviewPanel *m_preview = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPointer<QMessageBox> m_conflict;
    bool m_busy = false;
};
