#include "flagpreviewpanel.h"

#include "apiclient.h"
#include "flagpreviewmodel.h"
#include "usermessage.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>

namespace {
// The server's limit per preview request (the contract's 1..1000 subjects).
constexpr int kMaxSubjects = 1000;
} // namespace

FlagPreviewPanel::FlagPreviewPanel(ApiClient *api, QWidget *parent)
    : QWidget(parent), m_api(api), m_model(new FlagPreviewModel(this))
{
    setObjectName(QStringLiteral("flagPreviewPanel"));
    m_subjects = new QPlainTextEdit(this);
    m_subjects->setObjectName(QStringLiteral("previewSubjects"));
    m_subjects->setPlaceholderText(tr("Subject ids, one per line (e.g. customer-42)"));
    m_subjects->setTabChangesFocus(true);
    m_subjects->setMaximumHeight(130);

    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("previewCount"));
    m_count->setRange(1, kMaxSubjects);
    m_count->setValue(200);
    auto *generate = new QPushButton(tr("&Generate"), this);
    generate->setObjectName(QStringLiteral("previewGenerateButton"));
    generate->setToolTip(tr("Fill in customer-1 … customer-N"));
    connect(generate, &QPushButton::clicked, this, &FlagPreviewPanel::generateSubjects);

    m_previewButton = new QPushButton(tr("&Preview"), this);
    m_previewButton->setObjectName(QStringLiteral("previewButton"));
    m_previewButton->setToolTip(
        tr("Ask the server where these subjects land with the value as drafted (nothing is "
           "stored)"));
    connect(m_previewButton, &QPushButton::clicked, this, &FlagPreviewPanel::preview);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_summary->setWordWrap(true);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("previewTable"));
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(FlagPreviewModel::ValueColumn,
                                                      QHeaderView::Stretch);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_subjects, 0, 0, 4, 1);
    layout->addWidget(new QLabel(tr("Subjects to generate:"), this), 0, 1);
    layout->addWidget(m_count, 0, 2);
    layout->addWidget(generate, 1, 1, 1, 2);
    layout->addWidget(m_previewButton, 2, 1, 1, 2);
    layout->addWidget(m_summary, 3, 1, 1, 2);
    layout->addWidget(m_table, 4, 0, 1, 3);
    layout->setRowStretch(4, 1);
    layout->setColumnStretch(0, 1);
    setDraft({}, std::nullopt);
}

void FlagPreviewPanel::setDraft(const QString &key, const std::optional<QJsonValue> &draft)
{
    m_key = key;
    m_draft = draft;
    m_previewButton->setEnabled(!key.isEmpty() && draft.has_value());
}

QStringList FlagPreviewPanel::subjects() const
{
    QStringList result;
    const QStringList lines = m_subjects->toPlainText().split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString subject = line.trimmed();
        if (!subject.isEmpty())
            result.append(subject);
    }
    return result;
}

void FlagPreviewPanel::generateSubjects()
{
    QStringList lines;
    for (int i = 1; i <= m_count->value(); ++i)
        lines.append(QStringLiteral("customer-%1").arg(i));
    m_subjects->setPlainText(lines.join(QLatin1Char('\n')));
}

void FlagPreviewPanel::preview()
{
    const QStringList list = subjects();
    if (list.isEmpty() || list.size() > kMaxSubjects) {
        m_summary->setText(tr("Give 1 to %1 subjects, one per line.").arg(kMaxSubjects));
        return;
    }
    if (m_key.isEmpty() || !m_draft)
        return;
    m_previewButton->setEnabled(false);
    m_summary->setText(tr("Asking the server…"));
    const quint64 generation = ++m_generation;
    m_api->previewFlag(
        m_key, list, m_draft, this, [this, generation](const Result<Api::FlagPreview> &result) {
            if (generation != m_generation)
                return; // a newer preview was asked for: its answer is the one that counts
            m_previewButton->setEnabled(!m_key.isEmpty() && m_draft.has_value());
            if (!result) {
                m_summary->setText(UserMessage::forError(result.error()));
                return;
            }
            m_model->setPreview(*result);
            m_summary->setText(result->percent
                                   ? tr("inside: %1 of %2 (rollout %3 %)")
                                         .arg(result->insideCount)
                                         .arg(result->subjectCount)
                                         .arg(*result->percent)
                                   : tr("inside: %1 of %2 (not a rollout: the same value for all)")
                                         .arg(result->insideCount)
                                         .arg(result->subjectCount));
        });
}
