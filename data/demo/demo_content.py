"""Fictional content of the demo data set: job families, names, employers, places, schools."""

FAMILIES = {
    "backend": {
        "titles": [
            "Backend Engineer",
            "Software Engineer",
            "Senior Backend Engineer",
            "Platform Engineer",
        ],
        "skills": [
            "Python",
            "SQL",
            "PostgreSQL",
            "Kafka",
            "Docker",
            "Kubernetes",
            "Go",
            "AWS",
            "Redis",
            "REST APIs",
            "Microservices",
            "Terraform",
            "Django",
            "FastAPI",
            "Git",
        ],
        "bullets": [
            "Built event-driven services in Python consuming Kafka topics at 20k messages a second",
            "Designed PostgreSQL schemas and cut p95 query latency by 40% with better indexes",
            "Moved 30 services to Docker and Kubernetes with zero-downtime deploys",
            "Wrote REST APIs used by the mobile and web clients, with contract tests",
            "Introduced Redis caching for the pricing service, halving database load",
            "Mentored two junior engineers and led the on-call rotation",
        ],
        "degree": "Bachelor of Science in Computer Science",
    },
    "frontend": {
        "titles": [
            "Frontend Engineer",
            "Frontend Developer",
            "UI Engineer",
            "Senior Frontend Engineer",
        ],
        "skills": [
            "React",
            "TypeScript",
            "JavaScript",
            "HTML",
            "CSS",
            "GraphQL",
            "Next.js",
            "Figma",
            "Node.js",
            "REST APIs",
            "A/B Testing",
            "Git",
            "Webpack",
        ],
        "bullets": [
            "Built the customer dashboard in React and TypeScript used by 15,000 businesses",
            "Cut bundle size by 35% with code splitting and lazy loading",
            "Ran A/B tests on the onboarding flow that lifted activation by 12%",
            "Worked with designers in Figma to build an accessible component library",
            "Integrated GraphQL APIs and wrote end-to-end tests for critical journeys",
        ],
        "degree": "Bachelor of Science in Software Engineering",
    },
    "data": {
        "titles": [
            "Data Scientist",
            "Machine Learning Engineer",
            "Senior Data Scientist",
            "Data Analyst",
        ],
        "skills": [
            "Python",
            "pandas",
            "Scikit-learn",
            "Machine Learning",
            "Statistics",
            "SQL",
            "PyTorch",
            "TensorFlow",
            "Spark",
            "Natural Language Processing",
            "Airflow",
            "Tableau",
        ],
        "bullets": [
            "Trained gradient boosting models in Python and Scikit-learn for demand forecasting",
            "Built an NLP pipeline classifying 2 million support tickets a month",
            "Designed A/B experiments and reported results with sound statistics",
            "Productionised PyTorch models behind a low-latency API",
            "Wrote Spark jobs and Airflow pipelines feeding the feature store",
        ],
        "degree": "Master of Science in Statistics",
    },
    "devops": {
        "titles": [
            "Site Reliability Engineer",
            "DevOps Engineer",
            "Cloud Engineer",
            "Infrastructure Engineer",
        ],
        "skills": [
            "Kubernetes",
            "Docker",
            "Terraform",
            "AWS",
            "Google Cloud",
            "Linux",
            "CI/CD",
            "Python",
            "Go",
            "Datadog",
            "Ansible",
            "PagerDuty",
            "Prometheus",
        ],
        "bullets": [
            "Ran 40 Kubernetes clusters on AWS with Terraform-managed infrastructure",
            "Built CI/CD pipelines that cut release time from a day to 20 minutes",
            "Set up Datadog dashboards and SLO alerts, reducing pages by 60%",
            "Automated Linux fleet configuration with Ansible",
            "Led incident reviews and wrote runbooks for the on-call team",
        ],
        "degree": "Bachelor of Engineering in Computer Engineering",
    },
    "finance": {
        "titles": ["Financial Analyst", "Senior Financial Analyst", "Accountant", "FP&A Analyst"],
        "skills": [
            "Financial Analysis",
            "Budgeting",
            "Microsoft Excel",
            "Accounting",
            "SAP",
            "Power BI",
            "SQL",
            "Tableau",
            "Auditing",
            "Payroll",
        ],
        "bullets": [
            "Owned the annual budgeting cycle for a 40 million euro business unit",
            "Built driver-based forecasting models in Microsoft Excel and Power BI",
            "Ran month-end close and reconciliations in SAP",
            "Presented variance analysis to the leadership team every month",
            "Supported the external audit and improved internal controls",
        ],
        "degree": "Bachelor of Commerce in Accounting",
    },
}
FIRST = [
    "Amara",
    "Lukas",
    "Priya",
    "Mateo",
    "Sofia",
    "Jonas",
    "Aisha",
    "Noah",
    "Elena",
    "Kwame",
    "Hannah",
    "Ravi",
    "Chloe",
    "Tomasz",
    "Yuki",
    "Omar",
    "Ingrid",
    "Diego",
    "Leila",
    "Felix",
    "Zara",
    "Marco",
    "Nadia",
    "Erik",
    "Grace",
    "Samuel",
    "Mei",
    "Aleksander",
    "Fatima",
    "Oscar",
    "Clara",
    "Daniel",
]
LAST = [
    "Okafor",
    "Becker",
    "Sharma",
    "Rossi",
    "Novak",
    "Lindqvist",
    "Haddad",
    "Fischer",
    "Petrova",
    "Mensah",
    "Kowalski",
    "Iyer",
    "Dubois",
    "Nowak",
    "Tanaka",
    "Farouk",
    "Berg",
    "Alvarez",
    "Karimi",
    "Wagner",
    "Ahmed",
    "Conti",
    "Popescu",
    "Larsen",
    "Murphy",
    "Adeyemi",
    "Chen",
    "Wojcik",
    "Rahman",
    "Silva",
    "Meyer",
    "Brennan",
]
COMPANIES = [
    "Northwind Payments GmbH",
    "Bluefin Analytics Ltd",
    "Kestrel Labs",
    "Harbor Logistics Inc",
    "Quanta Retail Group",
    "Lumen Health Ltd",
    "Orbit Mobility GmbH",
    "Cedar Bank plc",
    "Vantage Media Inc",
    "Helix Energy Solutions",
]
CITIES = [
    "Berlin, Germany",
    "Amsterdam, Netherlands",
    "London, United Kingdom",
    "Dublin, Ireland",
    "Munich, Germany",
    "Lisbon, Portugal",
    "Stockholm, Sweden",
    "Paris, France",
]
SCHOOLS = [
    "Technical University of Munich",
    "University of Amsterdam",
    "University College Dublin",
    "University of Manchester",
    "KTH Royal Institute of Technology",
    "University of Lisbon",
]
CERTS = {
    "devops": "Certified Kubernetes Administrator (CKA)",
    "finance": "ACCA Certified Accountant",
    "backend": "AWS Certified Developer - Associate",
    "data": "TensorFlow Developer Certificate",
}

SPANISH = """Lucía Fernández Gómez
Ingeniera de Software
lucia.fernandez@example.com | +34 91 555 0199 | Madrid, España

PERFIL
Ingeniera de software con 6 años de experiencia en Python, Django y PostgreSQL.

EXPERIENCIA
Ingeniera de Software Sénior
Kestrel Labs | Ene 2021 - Actualidad
- Diseñé servicios en Python y Kafka para pagos en tiempo real
Ingeniera de Software
Orbit Mobility GmbH | Mar 2019 - Dic 2020
- Desarrollé APIs REST con Django y Docker

EDUCACIÓN
Grado en Ingeniería Informática
Universidad Politécnica de Madrid, 2018

HABILIDADES
Python, Django, PostgreSQL, Docker, Kafka, Git
"""
