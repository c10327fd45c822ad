# TalentFlow: CPU-only image, two stages. Build: docker build -t talentflow .
# One container:  docker run -p 8501:8501 -v talentflow-data:/data talentflow
# Scaled out (PostgreSQL, Qdrant, MLflow, workers): docker compose up (see docker-compose.yml).

# --- build: every dependency, the spaCy pipeline and the embedding model, in a virtualenv ---
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# torch is pinned and installed alone: pass --build-arg PIP_EXTRA_INDEX_URL=<a CPU-only wheel
# index> to avoid the GPU build.
ARG PIP_EXTRA_INDEX_URL=""
COPY requirements.txt ./
RUN pip install "$(grep -E '^torch==' requirements.txt)" \
    && pip install -r requirements.txt

# --- run: the virtualenv, tesseract for scans, the code; a non-root user ---
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    HF_HUB_OFFLINE=1 \
    MLFLOW_DISABLE_TELEMETRY=true \
    TALENTFLOW_HOME=/data
# tesseract-ocr reads scanned PDFs (with its English data; add tesseract-ocr-<lang> for others)
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 talentflow \
    && mkdir /data /mlflow && chown talentflow /data /mlflow
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY pyproject.toml README.md app.py web.py ./
COPY core ./core
COPY pages ./pages
COPY data ./data
COPY scripts ./scripts
COPY .streamlit ./.streamlit
# The models are baked in: loading them once here proves they need no download at run time.
RUN python -c "import core.parsing.nlp as n; n.get_nlp()" \
    && python -c "from core.embeddings import TorchEncoder; TorchEncoder().encode(['ok'])"

USER talentflow
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["sh", "-c", "python -m core db upgrade && python -m core demo && exec python scripts/serve.py --server.address 0.0.0.0 --server.port 8501"]
