// train-tagger: trains the NER model of libnewsindex on the GMB corpus and scores it on the
// held-out part (the last 10% of the sentences). Reproducible: the same data, options and
// seed give the same model bytes. Not part of the normal build: `cmake --build build
// --target train-tagger`, then see data/ner/README.md.

#include "input.hpp"
#include "places.hpp"
#include "tagger.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using newsindex::detail::LabeledSentence;

struct Options {
    std::string data;
    std::string lexicon = "data/ner/lexicon.tsv";
    std::string out;
    std::string evaluate;  // a model to score instead of training
    std::string check;     // a model the retrained one must equal
    newsindex::detail::TrainingOptions training;
    std::size_t limit = 0;      // train on the first N training sentences only
    std::size_t document = 25;  // sentences per pseudo-document for the harmonized score
    std::string dump;           // write the held-out predictions here
    bool dev = false;           // score on the last 10% of the training part instead (train on the rest)
};

const char* const usage =
    "usage: train-tagger --data GMB_CSV_GZ [--out MODEL] [--lexicon TSV] [--epochs N] [--seed S]\n"
    "                    [--bits B] [--caps SHARE] [--title-case SHARE] [--places] [--limit N]\n"
    "                    [--common MIN_COUNT] [--bio] [--types \"per org geo gpe tim art|eve|nat\"]\n"
    "                    [--check MODEL] [--evaluate MODEL] [--document N] [--dev] [--dump FILE]\n"
    "Trains on the first 90% of the GMB sentences, scores on the last 10% (exact spans).\n"
    "--check MODEL: exit 1 unless the retrained model is byte-identical to MODEL.\n"
    "--evaluate MODEL: only score MODEL on the held-out part.\n"
    "--dev: train on the first 90% of the training part, score on its last 10% (the held-out\n"
    "       part untouched: for choosing features and learners).\n";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw newsindex::Error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void report(const char* what, const newsindex::detail::SpanScores& s) {
    static const char* const names[] = {"PER", "ORG", "LOC"};
    std::printf("%s\n", what);
    for (std::size_t t = 0; t < 3; ++t) {
        std::printf("  %s  P %.4f  R %.4f  F1 %.4f  (tp %zu fp %zu fn %zu)\n", names[t], s.precision(t), s.recall(t),
                    s.f1(t), s.tp[t], s.fp[t], s.fn[t]);
    }
    std::printf("  ALL  P %.4f  R %.4f  F1 %.4f\n", s.overall_precision(), s.overall_recall(), s.overall_f1());
}

int run(const Options& o) {
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    newsindex::detail::InputStream in(o.data);
    const std::string csv = in.read_all(std::size_t{1} << 30);
    const std::vector<LabeledSentence> all = newsindex::detail::read_gmb_csv(csv);
    const std::size_t heldout = all.size() / 10;
    const std::size_t train_end = all.size() - heldout;
    // Development split: the held-out part is not looked at; the last 10% of the training
    // part is scored instead, and the model is trained on the rest.
    const std::size_t scored_from = o.dev ? train_end - train_end / 10 : train_end;
    const std::size_t scored_to = o.dev ? train_end : all.size();
    std::span<const LabeledSentence> train(all.data(), scored_from);
    if (o.limit > 0 && o.limit < train.size()) train = train.first(o.limit);
    const std::span<const LabeledSentence> test(all.data() + scored_from, scored_to - scored_from);
    std::printf("GMB: %zu sentences; training on %zu (sentences 1..%zu), %s %zu (%zu..%zu)\n", all.size(),
                train.size(), train.size(), o.dev ? "scoring the development part" : "held out", test.size(),
                scored_from + 1, scored_to);

    std::string model_bytes;
    if (!o.evaluate.empty()) {
        model_bytes = read_file(o.evaluate);
    } else {
        newsindex::detail::TrainingOptions training = o.training;
        training.lexicon = read_file(o.lexicon);
        training.progress = [](unsigned epoch, std::size_t mistakes) {
            std::printf("  epoch %u: %zu sentences wrong\n", epoch, mistakes);
            std::fflush(stdout);
        };
        model_bytes = newsindex::detail::train_tagger(train, training, newsindex::detail::Gazetteer());
        std::printf("trained in %.1f s: %zu bytes, fingerprint %s\n",
                    std::chrono::duration<double>(clock::now() - t0).count(), model_bytes.size(),
                    newsindex::detail::to_hex(newsindex::detail::stable_hash(model_bytes)).c_str());
        if (!o.out.empty()) {
            std::ofstream out(o.out, std::ios::binary);
            out.write(model_bytes.data(), static_cast<std::streamsize>(model_bytes.size()));
            if (!out) throw newsindex::Error("cannot write " + o.out);
            std::printf("wrote %s\n", o.out.c_str());
        }
        if (!o.check.empty()) {
            const bool same = read_file(o.check) == model_bytes;
            std::printf("%s: %s\n", o.check.c_str(), same ? "identical" : "DIFFERENT");
            if (!same) return 1;
        }
    }
    const newsindex::detail::TaggerModel model(std::move(model_bytes));
    const newsindex::detail::Gazetteer places;
    const newsindex::detail::Tagger tagger(model, &places);
    auto t1 = clock::now();
    report("held-out, sentence by sentence:", newsindex::detail::evaluate_tagger(tagger, test, 0));
    std::printf("  (%.2f s)\n", std::chrono::duration<double>(clock::now() - t1).count());
    if (!o.dump.empty()) {
        // One line per word: word, gold class, predicted type (PER/ORG/LOC or O), with B-/I-.
        std::ofstream out(o.dump);
        const newsindex::detail::TypeMap gmb("per org geo");
        const newsindex::detail::TagScheme reference{gmb.types, true};
        for (const LabeledSentence& s : test) {
            std::vector<std::string> gold(s.words.size(), "O"), pred(s.words.size(), "O");
            for (const auto& e :
                 newsindex::detail::spans_from_tags(newsindex::detail::encode_tags(s, reference, gmb), reference)) {
                for (std::size_t k = e.first; k < e.last; ++k)
                    gold[k] = (k == e.first ? "B-" : "I-") + std::string(newsindex::detail::entity_type_name(e.type));
            }
            for (const auto& e : tagger.tag_sentence(s.words)) {
                for (std::size_t k = e.first; k < e.last; ++k)
                    pred[k] = (k == e.first ? "B-" : "I-") + std::string(newsindex::detail::entity_type_name(e.type));
            }
            for (std::size_t k = 0; k < s.words.size(); ++k)
                out << s.words[k] << '\t' << gold[k] << '\t' << pred[k] << '\n';
            out << '\n';
        }
    }
    if (o.document > 0) {
        char what[128];
        std::snprintf(what, sizeof what, "held-out, runs of %zu sentences harmonized as one document:", o.document);
        report(what, newsindex::detail::evaluate_tagger(tagger, test, o.document));
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
                return argv[++i];
            };
            if (a == "--data")
                o.data = value();
            else if (a == "--out")
                o.out = value();
            else if (a == "--lexicon")
                o.lexicon = value();
            else if (a == "--epochs")
                o.training.epochs = static_cast<unsigned>(std::stoul(value()));
            else if (a == "--seed")
                o.training.seed = std::stoull(value());
            else if (a == "--bits")
                o.training.hash_bits = static_cast<unsigned>(std::stoul(value()));
            else if (a == "--caps")
                o.training.caps_share = std::stod(value());
            else if (a == "--title-case")
                o.training.title_case_share = std::stod(value());
            else if (a == "--places")
                o.training.place_features = true;
            else if (a == "--bio")
                o.training.bilou = false;
            else if (a == "--common")
                o.training.common_min_count = static_cast<unsigned>(std::stoul(value()));
            else if (a == "--types")
                o.training.types = value();
            else if (a == "--limit")
                o.limit = std::stoul(value());
            else if (a == "--document")
                o.document = std::stoul(value());
            else if (a == "--check")
                o.check = value();
            else if (a == "--dev")
                o.dev = true;
            else if (a == "--dump")
                o.dump = value();
            else if (a == "--evaluate")
                o.evaluate = value();
            else if (a == "--help" || a == "-h") {
                std::fputs(usage, stdout);
                return 0;
            } else {
                throw std::invalid_argument("unknown option " + a);
            }
        }
        if (o.data.empty()) throw std::invalid_argument("--data is required");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "train-tagger: %s\n%s", e.what(), usage);
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "train-tagger: %s\n", e.what());
        return 2;
    }
}
