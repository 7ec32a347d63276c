// Human output of the credit commands: a credit with its standing, a schedule a treasurer can read
// (with the OCR reference and the bankgiro to pay to), lists, capital, products and the portfolio.
#ifndef FONDBOK_CLIENTS_CLI_CREDIT_RENDER_H_
#define FONDBOK_CLIENTS_CLI_CREDIT_RENDER_H_

#include <string>

#include "fondbok/v1/credit_service.pb.h"
#include "fondbok/v1/approvals.pb.h"

namespace fondbok::cli {

std::string CreditStateWord(v1::CreditState state);   // "under-review"
std::string RenderCredit(const v1::CreditResponse& response);
std::string RenderSchedule(const v1::CreditResponse& response);
std::string RenderCreditList(const v1::ListCreditsResponse& response);
std::string RenderCapital(const v1::ListCapitalResponse& response);
std::string RenderProducts(const v1::ListProductsResponse& response);
std::string RenderPortfolio(const v1::PortfolioResponse& response);
std::string RenderProposalMade(const v1::Proposal& proposal);

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_CREDIT_RENDER_H_
