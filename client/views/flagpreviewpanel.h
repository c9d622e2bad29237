#pragma once

#include <QJsonValue>
#include <QWidget>

#include <optional>

class ApiClient;
class FlagPreviewModel;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

// The preview part of the flag editor: subjects pasted (one per line) or
// generated ("customer-1" … "customer-N"), sent with the draft value to
// POST /admin/flags/:key/preview; shows "inside: m of n" and where each subject
// lands. The server evaluates; this panel only shows what it said.
class FlagPreviewPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FlagPreviewPanel(ApiClient *api, QWidget *parent = nullptr);

    // What a preview would be about; an empty key or no draft disables Preview.
    void setDraft(const QString &key, const std::optional<QJsonValue> &draft);
    QStringList subjects() const;

public slots:
    void generateSubjects();
    void preview();

private:
    ApiClient *m_api;
    FlagPreviewModel *m_model;
    QString m_key;
    std::optional<QJsonValue> m_draft;
    QPlainTextEdit *m_subjects = nullptr;
    QSpinBox *m_count = nullptr;
    QPushButton *m_previewButton = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_table = nullptr;
    // Numbers the previews asked for: Preview is enabled again as soon as the draft
    // changes, so several can be in flight and answer in any order; only the answer to
    // the newest one is shown.
    quint64 m_generation = 0;
};
